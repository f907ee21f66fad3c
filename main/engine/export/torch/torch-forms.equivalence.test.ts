// Every PyTorch op form computes what its node's layer computes: each case builds the app layer
// (tfjs, cpu backend) on fixed inputs, evaluates the form's generated Python on the same inputs
// and weights, and compares shapes and values (1e-4 absolute, scaled by the value's size), and
// the gradients of sum(y * r) for fixed r w.r.t. every input and weight (what training uses).
// Sources (datasets, noise) draw random values and are checked end to end instead
// (torch-equivalence.test.ts: the app's batches; noise values differ by design).
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../../backend/select-backend';
import { createDataProvider } from '../../data/data-provider';
import { createRng } from '../../train/rng';
import { nodeRegistry } from '../../../../nodes/registry';
import { withDefaults } from '../../../../core/node-contract/param-spec';
import type { IRNode } from '../../../../core/graph/ir';
import type { Tensor, Variable } from '../../../../core/node-contract/node-definition';
import { tensorType, type Dim, type TensorType } from '../../../../core/shapes/tensor-type';
import { torchForms } from './torch-forms';
import type { TorchFormContext } from './torch-form';
import { exportTorchToTemp, runPython } from './testing/torch-python';
import { loadTemplate } from '../../testing/engine-fixtures';

interface OpCase {
  type: string;
  params?: Record<string, unknown>;
  inputs: Record<string, number[]>;
  /** Inputs drawn in [0, 1) instead of around 0 (targets of BCE). */
  unit?: string[];
  /** Input types as the compiler sees them, when not the concrete shapes (a symbolic batch 'B'). */
  types?: Record<string, Dim[]>;
  /**
   * A gradient (port) where the app is known to be wrong and PyTorch right: the values agree, so
   * torch's autograd of the same function is the true gradient. Asserted to differ, so a fixed
   * tfjs shows up here.
   */
  appGradWrong?: { port: string; why: string };
  /** Integer inputs (int32 in the app), drawn in [0, max). */
  ints?: Record<string, number>;
}

const CASES: OpCase[] = [
  ...['relu', 'sigmoid', 'tanh', 'silu'].map((a) => ({
    type: `activation/${a}`,
    inputs: { x: [2, 3, 4] },
  })),
  { type: 'activation/leaky-relu', params: { alpha: 0.3 }, inputs: { x: [2, 5] } },
  { type: 'activation/gelu', inputs: { x: [2, 5] } },
  { type: 'activation/gelu', params: { approximate: 'tanh' }, inputs: { x: [2, 5] } },
  { type: 'activation/softmax', inputs: { x: [2, 3, 4] } },
  { type: 'activation/softmax', params: { axis: 1 }, inputs: { x: [2, 3, 4] } },
  { type: 'math/add', inputs: { a: [2, 3], b: [3] } },
  { type: 'math/multiply', inputs: { a: [2, 3], b: [2, 3] } },
  { type: 'math/scale', params: { factor: 2.5, shift: -1 }, inputs: { x: [2, 3] } },
  {
    type: 'math/weighted-sum',
    params: { wa: 0.5, wb: 2, wc: -1 },
    inputs: { a: [], b: [], c: [] },
  },
  { type: 'math/stop-gradient', inputs: { x: [3] } },
  { type: 'math/mean', params: { axes: [1], keepDims: true }, inputs: { x: [2, 3, 4] } },
  { type: 'math/mean', inputs: { x: [2, 3] } },
  { type: 'math/sum', params: { axes: [0, -1] }, inputs: { x: [2, 3, 4] } },
  { type: 'math/sum', params: { axes: [], keepDims: true }, inputs: { x: [2, 3] } },
  { type: 'resample/upsample', inputs: { x: [1, 3, 3, 2] } },
  {
    type: 'resample/upsample',
    params: { mode: 'bilinear', factor: 2 },
    inputs: { x: [1, 3, 4, 2] },
  },
  { type: 'resample/global-avg-pool', inputs: { x: [2, 3, 3, 4] } },
  { type: 'shape/flatten', inputs: { x: [2, 3, 4, 2] } },
  { type: 'loss/mse', params: { weight: 0.5 }, inputs: { prediction: [2, 4], target: [2, 4] } },
  { type: 'loss/l1', inputs: { prediction: [2, 4], target: [2, 4] } },
  {
    type: 'loss/bce',
    params: { weight: 2 },
    inputs: { logits: [3, 4], target: [3, 4] },
    unit: ['target'],
  },
  {
    type: 'shape/reshape',
    params: { shape: 'B, 2, -1' },
    inputs: { x: [2, 3, 4] },
    types: { x: ['B', 3, 4] },
  },
  { type: 'shape/reshape', params: { shape: '-1' }, inputs: { x: [2, 3] } },
  { type: 'shape/permute', params: { perm: [0, 2, 1] }, inputs: { x: [2, 3, 4] } },
  { type: 'shape/concat', params: { axis: -1 }, inputs: { a: [2, 3], b: [2, 2], c: [2, 1] } },
  { type: 'shape/concat', params: { axis: 0 }, inputs: { a: [1, 3], b: [2, 3] } },
  { type: 'shape/split', params: { sizes: [1, 3], axis: -1 }, inputs: { x: [2, 4] } },
  { type: 'shape/slice', params: { axis: 1, begin: 1, size: 2 }, inputs: { x: [2, 4, 3] } },
  { type: 'shape/slice', params: { axis: -1, begin: 1, size: -1 }, inputs: { x: [2, 4] } },
  { type: 'math/matmul', inputs: { a: [2, 3, 4], b: [4, 5] } },
  {
    type: 'math/matmul',
    params: { transposeA: true, transposeB: true },
    inputs: { a: [2, 4, 3], b: [2, 5, 4] },
  },
  { type: 'resample/avg-pool', inputs: { x: [1, 4, 4, 2] } },
  {
    type: 'resample/avg-pool',
    params: { size: 3, stride: 2, padding: 'same' },
    inputs: { x: [1, 6, 6, 2] },
    // tfjs's avgPool gradient divides by the whole window (1/9) where the forward pass divides by
    // the unpadded entries (1/4 in a corner): a finite difference of the app's own forward gives 0.25.
    appGradWrong: { port: 'grad:in_x', why: 'tfjs avgPool same-padding gradient' },
  },
  { type: 'resample/max-pool', inputs: { x: [1, 5, 5, 2] } },
  {
    type: 'resample/max-pool',
    params: { size: 3, stride: 2, padding: 'same' },
    inputs: { x: [1, 6, 5, 2] },
  },
  { type: 'normalization/layer-norm', inputs: { x: [2, 3, 4] } },
  { type: 'normalization/rms-norm', inputs: { x: [2, 5] } },
  { type: 'normalization/group-norm', params: { groups: 2 }, inputs: { x: [2, 3, 3, 4] } },
  {
    type: 'layers/embedding',
    params: { vocabSize: 7, dim: 3 },
    inputs: { indices: [2, 4] },
    ints: { indices: 7 },
  },
  { type: 'layers/dense', params: { units: 3 }, inputs: { x: [2, 5] } },
  { type: 'layers/dense', params: { units: 3, bias: false }, inputs: { x: [2, 4, 5] } },
  {
    type: 'layers/conv2d',
    params: { filters: 3, kernel: 3, stride: 1 },
    inputs: { x: [2, 6, 6, 2] },
  },
  {
    type: 'layers/conv2d',
    params: { filters: 3, kernel: 3, stride: 2 },
    inputs: { x: [1, 7, 7, 2] },
  },
  {
    type: 'layers/conv2d',
    params: { filters: 2, kernel: 4, stride: 2 },
    inputs: { x: [1, 8, 8, 1] },
  },
  {
    type: 'layers/conv2d',
    params: { filters: 2, kernel: 3, stride: 2, padding: 'valid' },
    inputs: { x: [1, 7, 7, 2] },
  },
  {
    type: 'layers/conv2d',
    params: { filters: 2, kernel: 3, dilation: 2 },
    inputs: { x: [1, 7, 7, 2] },
  },
  {
    type: 'layers/conv-transpose2d',
    params: { filters: 3, kernel: 4, stride: 2 },
    inputs: { x: [2, 3, 3, 2] },
  },
  {
    type: 'layers/conv-transpose2d',
    params: { filters: 2, kernel: 3, stride: 2 },
    inputs: { x: [1, 3, 4, 2] },
  },
  {
    type: 'layers/conv-transpose2d',
    params: { filters: 2, kernel: 2, stride: 3 },
    inputs: { x: [1, 3, 3, 1] },
  },
  {
    type: 'layers/conv-transpose2d',
    params: { filters: 2, kernel: 3, stride: 1, padding: 'valid' },
    inputs: { x: [1, 3, 3, 2] },
  },
];

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'cpu' })).tf;
});

const values = (shape: number[], seed: number, unit: boolean): number[] => {
  const rng = createRng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, () => (unit ? rng.next() : rng.next() * 4 - 2));
};

describe('PyTorch op forms against the app layers', () => {
  it(`agree on ${CASES.length} cases (values and gradients) covering every non-random op form`, async () => {
    const cases = [];
    const expected: Record<string, { shape: number[]; data: number[] }>[] = [];
    for (const [i, c] of CASES.entries()) {
      const def = nodeRegistry.get(c.type)!;
      const params = withDefaults(def.params, c.params ?? {});
      const types: Record<string, TensorType> = Object.fromEntries(
        Object.entries(c.inputs).map(([p, s]) => [
          p,
          tensorType(c.ints?.[p] ? 'int32' : 'float32', c.types?.[p] ?? s),
        ]),
      );
      const data = Object.fromEntries(
        Object.entries(c.inputs).map(([p, s], j) => [
          p,
          c.ints?.[p]
            ? values(s, 100 * i + j, true).map((v) => Math.floor(v * c.ints![p]!))
            : values(s, 100 * i + j, c.unit?.includes(p) ?? false),
        ]),
      );
      const layer = await def.build(tf, params as never, {
        nodeId: 'n',
        inputs: types,
        outputs: {},
        seed: 11 + i,
        data: createDataProvider(),
      });
      const inputVars = Object.fromEntries(
        Object.entries(c.inputs).map(([p, s]) => [
          p,
          c.ints?.[p]
            ? (tf.tensor(data[p]!, s, 'int32') as Tensor)
            : (tf.variable(tf.tensor(data[p]!, s), true, `op_case_${i}_${p}`) as Tensor),
        ]),
      );
      const actx = {
        training: true,
        step: 0,
        batchSize: c.inputs['x']?.[0] ?? 1,
        split: 'train' as const,
        rng: createRng(1),
        handles: {},
      };
      const out = layer.apply(inputVars, actx);
      // Gradients of sum(y * r) for fixed cotangents r, w.r.t. every input and weight.
      const cot = Object.fromEntries(
        Object.entries(out).map(([p, t], k) => [p, values([...t.shape], 7000 + 10 * i + k, false)]),
      );
      const floatInputs = Object.entries(inputVars).filter(([p]) => !c.ints?.[p]);
      const vars = [
        ...floatInputs.map(([, v]) => v),
        ...Object.values(layer.weights),
      ] as Variable[];
      const { grads } = tf.variableGrads(
        () =>
          tf.addN(
            Object.entries(layer.apply(inputVars, actx)).map(([p, t]) =>
              tf.sum(tf.mul(t, tf.tensor(cot[p]!, t.shape))),
            ),
          ) as tfjs.Scalar,
        vars,
      );
      const gradOf = (v: Tensor): { shape: number[]; data: number[] } => {
        const g = grads[(v as Variable).name];
        return { shape: [...v.shape], data: g ? [...g.dataSync()] : v.shape.map(() => 0) };
      };
      const want: Record<string, { shape: number[]; data: number[] }> = Object.fromEntries(
        Object.entries(out).map(([p, t]) => [p, { shape: [...t.shape], data: [...t.dataSync()] }]),
      );
      for (const [p, v] of floatInputs) want[`grad:in_${p}`] = gradOf(v);
      expected.push(want);
      const form = torchForms[c.type]!;
      if (form.kind !== 'op') throw new Error(`${c.type} has no op form`);
      const node = {
        id: 'n',
        type: c.type,
        label: c.type,
        def,
        params,
        inputs: {},
        inputTypes: types,
        outputTypes: {},
      } as IRNode;
      const ctx: TorchFormContext = { node, self: 'layer', input: (p) => types[p] };
      const fwd = form.forward(
        Object.fromEntries(Object.keys(c.inputs).map((p) => [p, `in_${p}`])),
        ctx,
      );
      // A tuple form (split) is checked port by port: element k of the tuple.
      const outputs =
        'outputs' in fwd
          ? fwd.outputs
          : Object.fromEntries(fwd.ports.map((p, k) => [p, `(${fwd.tuple})[${k}]`]));
      const l = form.layer?.(ctx);
      cases.push({
        module: l?.module ?? null,
        weights: Object.fromEntries(
          Object.entries(l?.weights ?? {}).map(([w, { param, layout }]) => {
            const t = layer.weights[w]!;
            return [param, [layout, [...t.shape], [...t.dataSync()]]];
          }),
        ),
        inputs: Object.fromEntries(
          Object.entries(c.inputs).map(([p, s]) => [`in_${p}`, [s, data[p]]]),
        ),
        outputs,
        cotangents: Object.fromEntries(Object.entries(cot).map(([p, r]) => [p, r])),
      });
      for (const [w, { param }] of Object.entries(l?.weights ?? {}))
        want[`grad:${param}`] = gradOf(layer.weights[w]!);
      tf.dispose(Object.values(inputVars));
      layer.dispose?.();
    }
    const dir = await exportTorchToTemp(loadTemplate('conv-autoencoder'));
    copyFileSync(
      path.join(import.meta.dirname, 'testing', 'op-check.py'),
      path.join(dir, 'op-check.py'),
    );
    writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases));
    const run = await runPython(['op-check.py', 'cases.json'], dir);
    expect(run.stderr).not.toMatch(/Traceback/);
    expect(run.json.length).toBe(CASES.length);
    const problems: string[] = [];
    run.json.forEach((got, i) => {
      const c = CASES[i]!;
      const label = `${c.type} ${JSON.stringify(c.params ?? {})}`;
      for (const [port, want] of Object.entries(expected[i]!)) {
        const [shape, data] = (got[port] ?? [[], []]) as [number[], number[]];
        if (JSON.stringify(shape) !== JSON.stringify(want.shape))
          problems.push(
            `${label}.${port}: shape ${JSON.stringify(shape)}, app ${JSON.stringify(want.shape)}`,
          );
        else {
          const worst = Math.max(
            0,
            ...data.map((v, k) => Math.abs(v - want.data[k]!) / (1 + Math.abs(want.data[k]!))),
          );
          if (c.appGradWrong?.port === port) {
            if (!(worst > 1e-3))
              problems.push(`${label}.${port}: now agrees (${c.appGradWrong.why})`);
          } else if (!(worst < 1e-4)) problems.push(`${label}.${port}: differs by ${worst}`);
        }
      }
    });
    expect(problems).toEqual([]);
    // Every op form that does not draw random values is covered by a case here.
    const random = ['data/mnist', 'data/fashion-mnist', 'noise/gaussian', 'gan/latent-noise'];
    const covered = new Set(CASES.map((c) => c.type));
    const uncovered = Object.entries(torchForms)
      .filter(([t, f]) => f.kind === 'op' && !random.includes(t) && !covered.has(t))
      .map(([t]) => t);
    expect(uncovered).toEqual([]);
  }, 120_000);
});
