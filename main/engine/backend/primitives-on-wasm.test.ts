// Every primitive layer trains on the wasm backend with Tessera's kernels: forward values and
// the gradients of every weight and float input agree with the cpu reference backend.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from './select-backend';
import { nodeRegistry } from '../../../nodes/registry';
import { withDefaults } from '../../../core/node-contract/param-spec';
import { tensorType, type DType } from '../../../core/shapes/tensor-type';
import type { NodeLayer, Tensor } from '../../../core/node-contract/node-definition';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { mulberry32 } from '../../../nodes/shared/seeded-random';

type Input = [DType, number[]];
interface Case {
  id: string;
  inputs: Record<string, Input>;
  params?: Record<string, unknown>;
}

const img: Input = ['float32', [2, 8, 8, 4]];
const seq: Input = ['float32', [2, 6, 8]];
const cases: Case[] = [
  { id: 'layers/dense', inputs: { x: seq }, params: { units: 5 } },
  { id: 'layers/conv2d', inputs: { x: img }, params: { filters: 6, stride: 2 } },
  {
    id: 'layers/conv2d',
    inputs: { x: img },
    params: { filters: 3, dilation: 2, padding: 'valid' },
  },
  { id: 'layers/conv-transpose2d', inputs: { x: img }, params: { filters: 3 } },
  {
    id: 'layers/embedding',
    inputs: { indices: ['int32', [2, 5]] },
    params: { vocabSize: 7, dim: 4 },
  },
  { id: 'normalization/batch-norm', inputs: { x: img } },
  { id: 'normalization/layer-norm', inputs: { x: seq } },
  { id: 'normalization/group-norm', inputs: { x: img }, params: { groups: 2 } },
  { id: 'normalization/rms-norm', inputs: { x: seq } },
  ...['relu', 'leaky-relu', 'gelu', 'silu', 'tanh', 'sigmoid', 'softmax'].map((a) => ({
    id: `activation/${a}`,
    inputs: { x: seq },
  })),
  { id: 'activation/gelu', inputs: { x: seq }, params: { approximate: 'tanh' } },
  { id: 'math/add', inputs: { a: seq, b: ['float32', [8]] } },
  { id: 'math/multiply', inputs: { a: seq, b: ['float32', [6, 1]] } },
  { id: 'math/scale', inputs: { x: seq }, params: { factor: 3, shift: 1 } },
  { id: 'math/mean', inputs: { x: seq }, params: { axes: [1] } },
  { id: 'math/sum', inputs: { x: seq }, params: { axes: [-1], keepDims: true } },
  { id: 'math/matmul', inputs: { a: seq, b: ['float32', [2, 8, 3]] } },
  { id: 'math/matmul', inputs: { a: seq, b: ['float32', [5, 8]] }, params: { transposeB: true } },
  { id: 'math/parameter', inputs: {}, params: { shape: [3, 4] } },
  { id: 'resample/upsample', inputs: { x: img } },
  { id: 'resample/upsample', inputs: { x: img }, params: { mode: 'bilinear' } },
  { id: 'resample/avg-pool', inputs: { x: img } },
  { id: 'resample/max-pool', inputs: { x: img }, params: { size: 3, stride: 2, padding: 'same' } },
  { id: 'resample/global-avg-pool', inputs: { x: img } },
  { id: 'shape/reshape', inputs: { x: img }, params: { shape: 'B, 16, -1' } },
  { id: 'shape/flatten', inputs: { x: img } },
  { id: 'shape/permute', inputs: { x: seq } },
  { id: 'shape/concat', inputs: { a: img, b: ['float32', [2, 8, 8, 2]] } },
  { id: 'shape/split', inputs: { x: img }, params: { sizes: [1, 3] } },
  { id: 'shape/slice', inputs: { x: seq }, params: { begin: 2, size: 3 } },
  { id: 'shape/patchify', inputs: { image: img } },
  { id: 'shape/unpatchify', inputs: { tokens: ['float32', [2, 4, 64]] } },
  { id: 'position/sinusoidal', inputs: { x: seq } },
  { id: 'position/learned', inputs: { x: seq }, params: { maxLength: 16 } },
  { id: 'position/rotary', inputs: { x: seq } },
  { id: 'detection/sine-position-2d', inputs: { x: img } },
];

interface Result {
  outputs: Record<string, number[]>;
  grads: Record<string, number[]>;
}

/** Builds the node on the active backend, runs it, and takes d(sum of outputs * fixed weights). */
const run = async (tf: typeof tfjs, c: Case): Promise<Result> => {
  const def = nodeRegistry.get(c.id)!;
  const params = withDefaults(def.params, c.params ?? {});
  const inputTypes = Object.fromEntries(
    Object.entries(c.inputs).map(([k, [dt, s]]) => [
      k,
      tensorType(dt, s[0] === 2 ? ['B', ...s.slice(1)] : s),
    ]),
  );
  const shapes = def.inferShapes({
    nodeId: 'n',
    params: params as never,
    inputs: inputTypes,
    env: createShapeEnv(),
  });
  expect(
    shapes.diagnostics.filter((d) => d.severity === 'error'),
    c.id,
  ).toEqual([]);
  const layer: NodeLayer = await def.build(tf, params as never, {
    nodeId: 'n',
    inputs: inputTypes,
    outputs: shapes.outputs,
    seed: 11,
    data: createDataProvider(),
  });
  const next = mulberry32(5);
  const values = (n: number) => Array.from({ length: n }, () => next() * 2 - 1);
  const inputs: Record<string, Tensor> = {};
  const vars: Record<string, tfjs.Variable> = {};
  for (const [k, [dt, s]] of Object.entries(c.inputs)) {
    const size = s.reduce((a, b) => a * b, 1);
    if (dt === 'int32')
      inputs[k] = tf.tensor(
        values(size).map((v) => Math.floor((v + 1) * 3.4)),
        s,
        'int32',
      );
    else inputs[k] = vars[`in:${k}`] = tf.variable(tf.tensor(values(size), s));
  }
  for (const [k, v] of Object.entries(layer.weights)) vars[`w:${k}`] = v;
  const ctx = {
    training: true,
    step: 0,
    batchSize: 2,
    split: 'train' as const,
    rng: { next, int: (n: number) => Math.floor(next() * n), seed: () => 3 },
    handles: {},
  };
  const outputs: Record<string, number[]> = {};
  const loss = () =>
    tf.tidy(() => {
      const outs = layer.apply(inputs, ctx);
      let total = tf.scalar(0);
      for (const [k, t] of Object.entries(outs).sort()) {
        if (t.dtype !== 'float32') continue;
        outputs[k] = Array.from(t.dataSync());
        const w = tf.tensor(values(t.size), t.shape);
        total = tf.add(total, tf.sum(tf.mul(t, w)));
      }
      return total as tfjs.Scalar;
    });
  const { grads } = tf.variableGrads(loss, Object.values(vars));
  const names = Object.fromEntries(Object.entries(vars).map(([k, v]) => [v.name, k]));
  const out: Result = { outputs, grads: {} };
  for (const [name, g] of Object.entries(grads))
    out.grads[names[name] ?? name] = Array.from(g.dataSync());
  tf.dispose(Object.values(grads));
  tf.dispose(Object.values(inputs));
  layer.dispose?.();
  return out;
};

const maxRelError = (a: number[], b: number[]): number => {
  let worst = 0;
  const scale = Math.max(1e-3, ...b.map(Math.abs));
  a.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (b[i] ?? NaN)) / scale)));
  return a.length === b.length ? worst : Infinity;
};

describe('primitive layers on the wasm backend', () => {
  let tf: typeof tfjs;
  beforeAll(async () => {
    tf = (await initBackend({ backend: 'wasm' })).tf;
  });

  it('cover every primitive node type', () => {
    const primitive = nodeRegistry
      .all()
      .filter(
        (d) =>
          // A custom layer runs the user's code, not a Tessera kernel: its own tests cover it.
          (d.id !== 'custom/custom-layer' &&
            ['layers', 'activation', 'normalization', 'resample', 'shape', 'position'].includes(
              d.category,
            )) ||
          [
            'math/add',
            'math/multiply',
            'math/scale',
            'math/mean',
            'math/sum',
            'math/matmul',
            'math/parameter',
          ].includes(d.id),
      )
      .map((d) => d.id);
    expect([...new Set(cases.map((c) => c.id))].sort()).toEqual(primitive.sort());
  });

  for (const c of cases)
    it(`${c.id} ${JSON.stringify(c.params ?? {})}: forward and gradients match cpu`, async () => {
      await tf.setBackend('wasm');
      const wasm = await run(tf, c);
      await tf.setBackend('cpu');
      const cpu = await run(tf, c);
      await tf.setBackend('wasm');
      expect(Object.keys(wasm.grads).sort()).toEqual(Object.keys(cpu.grads).sort());
      expect(Object.keys(wasm.grads).length).toBeGreaterThan(0);
      for (const k of Object.keys(cpu.outputs))
        expect(maxRelError(wasm.outputs[k]!, cpu.outputs[k]!), `${c.id} output ${k}`).toBeLessThan(
          1e-4,
        );
      for (const k of Object.keys(cpu.grads))
        expect(maxRelError(wasm.grads[k]!, cpu.grads[k]!), `${c.id} gradient ${k}`).toBeLessThan(
          1e-4,
        );
    });
});
