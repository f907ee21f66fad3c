import { describe, expect, it } from 'vitest';
import { createRegistry, defineNode } from '../node-contract/node-definition';
import { tensorType } from '../shapes/tensor-type';
import type { DocModule } from '../document/document.types';
import { batchRebindOf, rebindBatch } from './batch-rebind';
import { compileLoaded } from './compile';
import { edge, graphDoc, moduleOf, node } from './testing/doc-builder';
import { testEnv, testRegistry } from './testing/test-registry';

/** A source of a fixed number of rows (a sampler's N samples, a prompt list). */
const fixedRows = defineNode({
  id: 'test/fixed-rows',
  version: 1,
  title: 'Fixed rows',
  category: 'data',
  role: 'layer',
  doc: 'Test source of N rows.',
  inputs: [],
  outputs: [{ name: 'out', kind: 'tensor', dtype: 'float32', rank: 4 }],
  params: {
    N: { kind: 'int', default: 40, min: 1, max: 1000, doc: 'rows' },
    H: { kind: 'int', default: 28, min: 1, max: 1000, doc: 'height' },
  },
  inferShapes: ({ params }) => ({
    outputs: { out: tensorType('float32', [params.N, params.H, params.H, 1]) },
    diagnostics: [],
  }),
  build: () => {
    throw new Error('not built in this test');
  },
});

const registry = createRegistry([...testRegistry().all(), fixedRows]);

const encoder = (): DocModule =>
  moduleOf(
    'enc',
    [
      node('in', 'module/input', { name: 'x' }),
      node('conv', 'test/conv', { inChannels: 1, outChannels: 16 }),
      node('out', 'module/output', { name: 'y' }),
    ],
    [edge('in.value', 'conv.x'), edge('conv.y', 'out.value')],
    'Encoder',
  );

const t = (shape: (string | number)[]) => tensorType('float32', shape);

describe('batch rebinding of module calls', () => {
  it('finds the batch a call passes for the symbolic one, only when all batched inputs agree', () => {
    const expected = { x: t(['B', 7, 7, 4]), c: t(['B', 8, 64]), table: t([10, 64]) };
    expect(batchRebindOf({ x: t([40, 7, 7, 4]), c: t([40, 8, 64]) }, expected)).toEqual({
      symbol: 'B',
      batch: 40,
    });
    // Two different batches, the same batch as the module's, or a missing input: no rebinding.
    expect(batchRebindOf({ x: t([40, 7, 7, 4]), c: t([16, 8, 64]) }, expected)).toBeUndefined();
    expect(batchRebindOf({ x: t(['B', 7, 7, 4]), c: t(['B', 8, 64]) }, expected)).toBeUndefined();
    expect(batchRebindOf({ x: t([40, 7, 7, 4]) }, expected)).toBeUndefined();
    // A module without a symbolic batch dim is never rebound.
    expect(batchRebindOf({ x: t([40, 7]) }, { x: t([10, 7]) })).toBeUndefined();
    const r = { symbol: 'B', batch: 40 };
    expect(rebindBatch(t(['B', 28, 28, 1]), r)).toEqual(t([40, 28, 28, 1]));
    expect(rebindBatch(t([]), r)).toEqual(t([]));
    expect(rebindBatch(t(['N', 3]), r)).toEqual(t(['N', 3]));
  });

  it('a second instance may pass another batch; its outputs carry that batch', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 28, W: 28, C: 1 }),
        node('rows', 'test/fixed-rows', { N: 40 }),
        node('i1', 'module/instance', { module: 'enc' }, { label: 'Training call' }),
        node('i2', 'module/instance', { module: 'enc' }, { label: 'Sampling call' }),
        node('l', 'test/loss'),
      ],
      [edge('s.out', 'i1.x'), edge('rows.out', 'i2.x'), edge('i1.y', 'l.a'), edge('i1.y', 'l.b')],
      { modules: { enc: encoder() } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.modules.enc!.inputTypes?.x).toEqual(t(['B', 28, 28, 1]));
    expect(r.program!.graph.nodes.i1!.outputTypes.y).toEqual(t(['B', 28, 28, 16]));
    expect(r.program!.graph.nodes.i2!.outputTypes.y).toEqual(t([40, 28, 28, 16]));
  });

  it('a first call with a numeric batch types a module that declares B with B', () => {
    const declared = encoder();
    declared.nodes.in!.params = { name: 'x', shape: 'B, 28, 28, 1', dtype: 'float32' };
    const doc = graphDoc(
      [
        node('rows', 'test/fixed-rows', { N: 10 }),
        node('s', 'test/source', { H: 28, W: 28, C: 1 }),
        node('i1', 'module/instance', { module: 'enc' }, { label: 'Prompt call' }),
        node('i2', 'module/instance', { module: 'enc' }, { label: 'Training call' }),
      ],
      [edge('rows.out', 'i1.x'), edge('s.out', 'i2.x')],
      { modules: { enc: declared } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.modules.enc!.inputTypes?.x).toEqual(t(['B', 28, 28, 1]));
    expect(r.program!.graph.nodes.i1!.outputTypes.y).toEqual(t([10, 28, 28, 16]));
    expect(r.program!.graph.nodes.i2!.outputTypes.y).toEqual(t(['B', 28, 28, 16]));
  });

  it('another size beyond the batch is still refused, naming the first use', () => {
    const doc = graphDoc(
      [
        node('s', 'test/source', { H: 28, W: 28, C: 1 }),
        node('rows', 'test/fixed-rows', { N: 40, H: 14 }),
        node('i1', 'module/instance', { module: 'enc' }, { label: 'Training call' }),
        node('i2', 'module/instance', { module: 'enc' }, { label: 'Sampling call' }),
      ],
      [edge('s.out', 'i1.x'), edge('rows.out', 'i2.x')],
      { modules: { enc: encoder() } },
    );
    const r = compileLoaded(doc, registry, testEnv);
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        nodeId: 'i2',
        message:
          'Sampling call passes 40 x 14 x 14 x 1 to input "x" of module Encoder, but its first use, Training call, fixed it as 40 x 28 x 28 x 1; pass a matching value, or use a separate module for this shape.',
      }),
    ]);
  });
});
