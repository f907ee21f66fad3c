import { describe, expect, it } from 'vitest';
import { edge, graphDoc, moduleOf, node, objective } from '../graph/testing/doc-builder';
import { diffDocuments, flattenSettings, formatValueChange } from './graph-diff';

const base = () =>
  graphDoc(
    [
      node('data', 'data/mnist', { normalize: '0..1' }, { label: 'MNIST' }),
      node('enc', 'layers/conv2d', { filters: 16, kernel: 3 }, { label: 'Encoder' }),
      node('loss', 'loss/mse', { weight: 1 }),
      node('adam', 'optimize/optimizer', { lr: 0.001 }, { label: 'Adam' }),
    ],
    [edge('data.image', 'enc.x'), edge('enc.y', 'loss.a'), edge('loss.loss', 'adam.loss')],
    {
      training: {
        seed: 7,
        batchSize: 32,
        checkpointEvery: 0,
        stages: [
          { id: 'train', name: 'Train', steps: 100, objectives: [objective('adam', ['enc'])] },
        ],
      },
    },
  );

describe('diffDocuments', () => {
  it('finds nothing between a document and a copy with moved nodes and a new name', () => {
    const a = base();
    const b = structuredClone(a);
    b.name = 'renamed';
    b.nodes.enc!.position = { x: 500, y: -20 };
    const d = diffDocuments(a, b);
    expect(d.same).toBe(true);
    expect(d.graph.nodes.changed).toEqual([]);
  });

  it('names a changed param with its old and new value', () => {
    const a = base();
    const b = structuredClone(a);
    b.nodes.adam!.params.lr = 0.01;
    b.nodes.enc!.params.filters = 32;
    const d = diffDocuments(a, b);
    expect(d.same).toBe(false);
    expect(d.graph.nodes.changed).toEqual([
      {
        id: 'adam',
        label: 'Adam',
        type: 'optimize/optimizer',
        params: [{ key: 'lr', before: 0.001, after: 0.01 }],
      },
      {
        id: 'enc',
        label: 'Encoder',
        type: 'layers/conv2d',
        params: [{ key: 'filters', before: 16, after: 32 }],
      },
    ]);
    expect(formatValueChange(d.graph.nodes.changed[0]!.params[0]!)).toBe('lr: 0.001 → 0.01');
  });

  it('lists params added and removed, a rename and a type change', () => {
    const a = base();
    const b = structuredClone(a);
    b.nodes.enc!.params.dilation = 2;
    delete b.nodes.enc!.params.kernel;
    b.nodes.loss!.type = 'loss/l1';
    b.nodes.loss!.label = 'L1';
    const d = diffDocuments(a, b);
    const enc = d.graph.nodes.changed.find((c) => c.id === 'enc')!;
    expect(enc.params).toEqual([
      { key: 'dilation', after: 2 },
      { key: 'kernel', before: 3 },
    ]);
    expect(enc.params.map(formatValueChange)).toEqual(['dilation: added 2', 'kernel: removed 3']);
    const loss = d.graph.nodes.changed.find((c) => c.id === 'loss')!;
    expect(loss).toMatchObject({
      type: 'loss/l1',
      typeBefore: 'loss/mse',
      label: 'L1',
      labelBefore: 'loss',
    });
  });

  it('lists nodes and edges added and removed; an edge is its connection, not its id', () => {
    const a = base();
    const b = structuredClone(a);
    delete b.nodes.loss;
    delete b.edges['enc.y->loss.a'];
    delete b.edges['loss.loss->adam.loss'];
    b.nodes.l1 = node('l1', 'loss/l1', {}, { label: 'L1' });
    b.edges.x = edge('enc.y', 'l1.a', 'x');
    b.edges.y = edge('l1.loss', 'adam.loss', 'y');
    // The same connection under a new id is no change.
    delete b.edges['data.image->enc.x'];
    b.edges.renamed = edge('data.image', 'enc.x', 'renamed');
    const d = diffDocuments(a, b);
    expect(d.graph.nodes.added).toEqual([{ id: 'l1', label: 'L1', type: 'loss/l1' }]);
    expect(d.graph.nodes.removed).toEqual([{ id: 'loss', label: 'loss', type: 'loss/mse' }]);
    expect(
      d.graph.edges.added.map(
        (e) => `${e.source.label}.${e.source.port} → ${e.target.label}.${e.target.port}`,
      ),
    ).toEqual(['Encoder.y → L1.a', 'L1.loss → Adam.loss']);
    expect(
      d.graph.edges.removed.map(
        (e) => `${e.source.node}.${e.source.port}->${e.target.node}.${e.target.port}`,
      ),
    ).toEqual(['enc.y->loss.a', 'loss.loss->adam.loss']);
  });

  it('diffs modules: added, removed, declared params and inner nodes', () => {
    const a = base();
    a.modules = {
      block: moduleOf('block', [node('d', 'layers/dense', { units: '=width' })], [], 'Block', {
        width: { kind: 'int', default: 64 },
      }),
      old: moduleOf('old', [], [], 'Old'),
    };
    const b = structuredClone(a);
    delete b.modules.old;
    b.modules.fresh = moduleOf('fresh', [], [], 'Fresh');
    b.modules.block!.params.width = { kind: 'int', default: 128 };
    b.modules.block!.nodes.d!.params.units = '=width * 2';
    const d = diffDocuments(a, b);
    expect(d.modules.added).toEqual([{ id: 'fresh', name: 'Fresh' }]);
    expect(d.modules.removed).toEqual([{ id: 'old', name: 'Old' }]);
    expect(d.modules.changed).toHaveLength(1);
    const m = d.modules.changed[0]!;
    expect(m.name).toBe('Block');
    expect(m.params).toEqual([
      { key: 'width', before: { kind: 'int', default: 64 }, after: { kind: 'int', default: 128 } },
    ]);
    expect(m.nodes.changed[0]!.params.map(formatValueChange)).toEqual([
      'units: "=width" → "=width * 2"',
    ]);
  });

  it('diffs training settings by path, stages and objectives by id', () => {
    const a = base();
    const b = structuredClone(a);
    b.training.batchSize = 8;
    b.training.stages[0]!.steps = 300;
    b.training.stages[0]!.objectives[0]!.updates = ['enc', 'adam'];
    const d = diffDocuments(a, b);
    expect(d.training.map(formatValueChange)).toEqual([
      'batchSize: 32 → 8',
      'stages[train].objectives[obj-adam].updates: ["enc"] → ["enc","adam"]',
      'stages[train].steps: 100 → 300',
    ]);
  });
});

describe('flattenSettings', () => {
  it('keys array items by id and keeps lists of plain values whole', () => {
    const m = flattenSettings({
      a: 1,
      list: [1, 2],
      items: [{ id: 'x', v: 3 }, { v: 4 }],
      empty: [],
    });
    expect(Object.fromEntries(m)).toEqual({
      a: 1,
      list: [1, 2],
      'items[x].v': 3,
      'items[1].v': 4,
      empty: [],
    });
  });
});
