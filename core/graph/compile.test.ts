import { describe, it, expect } from 'vitest';
import { compileDocument, compileLoaded } from './compile';
import { testEnv, testRegistry } from './testing/test-registry';
import { edge, graphDoc, node, objective } from './testing/doc-builder';
import { serializeDocument } from '../document/serialize-document';

const registry = testRegistry();

const vaeLike = () =>
  graphDoc(
    [
      node('src', 'test/source', { H: 28, W: 28, C: 1 }),
      node('enc', 'test/conv', { inChannels: 1, outChannels: 32 }, { label: 'Encoder' }),
      node('dec', 'test/conv', { inChannels: 32, outChannels: 1 }, { label: 'Decoder' }),
      node('mse', 'test/loss'),
      node('adam', 'test/optimizer'),
    ],
    [
      edge('src.out', 'enc.x'),
      edge('enc.y', 'dec.x'),
      edge('dec.y', 'mse.a'),
      edge('src.out', 'mse.b'),
      edge('mse.loss', 'adam.loss'),
    ],
    {
      training: {
        seed: 1,
        batchSize: 8,
        checkpointEvery: 0,
        stages: [
          { id: 's1', name: 'AE', steps: 10, objectives: [objective('adam', ['enc', 'dec'])] },
        ],
      },
    },
  );

describe('compileLoaded', () => {
  it('types every edge of a valid graph in topological order', () => {
    const r = compileLoaded(vaeLike(), registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    const g = r.program!.graph;
    expect(g.order.indexOf('src')).toBeLessThan(g.order.indexOf('enc'));
    expect(g.order.indexOf('dec')).toBeLessThan(g.order.indexOf('mse'));
    expect(g.nodes.enc!.outputTypes.y).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 28, 28, 32],
    });
    expect(g.nodes.dec!.inputTypes.x).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 28, 28, 32],
    });
    expect(g.nodes.mse!.outputTypes.loss).toEqual({ kind: 'tensor', dtype: 'float32', shape: [] });
    expect(g.nodes.adam!.inputs.loss).toEqual({ node: 'mse', port: 'loss' });
    expect(Object.values(g.nodes).every((n) => n.shapeStatus === 'ok')).toBe(true);
  });

  it('reports a channel mismatch at the node that causes it, naming both nodes, and skips downstream quietly', () => {
    const doc = vaeLike();
    doc.nodes.dec!.params.inChannels = 64;
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toHaveLength(1);
    const d = r.diagnostics[0]!;
    expect(d).toMatchObject({ severity: 'error', source: 'shapes', nodeId: 'dec', port: 'x' });
    expect(d.message).toContain('Decoder');
    expect(d.message).toContain('Encoder');
    expect(d.message).toContain('set inChannels to 32');
    expect(r.program!.graph.nodes.mse!.shapeStatus).toBe('skipped');
    expect(r.program!.graph.nodes.adam!.shapeStatus).toBe('skipped');
  });
});

describe('compileDocument', () => {
  it('round-trips through serializeDocument', () => {
    const r = compileDocument(serializeDocument(vaeLike()), registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.graph.order).toHaveLength(5);
  });
});
