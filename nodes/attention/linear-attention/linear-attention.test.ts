import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { initBackend } from '../../../main/engine/backend/select-backend';
import { gradientCheck } from '../../shared/gradient-check';
import { linearAttention, linearAttentionMap } from '../linear-attention-ops';
import { applyContext, buildContext, inferWith } from '../test-context';
import {
  batch,
  cols,
  dot,
  mapRows,
  maxDiff,
  mix,
  project,
  randomizeWeights,
  type Mat,
} from '../test-reference';
import { linearAttentionNode } from './linear-attention.node';
import { createLinearAttentionLayer } from './linear-attention.layer';

const phi = (z: number): number => (z > 0 ? z + 1 : Math.exp(z));

/** The quadratic form with plain loops: A_ij = phi(q_i).phi(k_j) [kept], rows normalised, y = (A v) Wo. */
const reference = (
  w: Record<string, Mat & number[]>,
  x: Mat,
  heads: number,
  keep: (i: number, j: number) => boolean,
): Mat => {
  const q = mapRows(project(x, w['wq']!, w['bq']!), phi);
  const k = mapRows(project(x, w['wk']!, w['bk']!), phi);
  const v = project(x, w['wv']!, w['bv']!);
  const e = q[0]!.length / heads;
  const merged: Mat = x.map(() => []);
  for (let h = 0; h < heads; h++) {
    const [qh, kh, vh] = [q, k, v].map((m) => cols(m, h * e, (h + 1) * e)) as [Mat, Mat, Mat];
    const a = qh.map((qi, i) => {
      const s = kh.map((kj, j) => (keep(i, j) ? dot(qi, kj) : 0));
      const sum = s.reduce((p, z) => p + z, 0);
      return s.map((z) => z / (sum + 1e-6));
    });
    mix(a, vh).forEach((r, i) => merged[i]!.push(...r));
  }
  return project(merged, w['wo']!, w['bo']!);
};

const build = (causal: boolean, shape: number[], heads = 2, seed = 3) => {
  const layer = createLinearAttentionLayer(
    tf,
    { heads, causal },
    buildContext({ x: ['float32', shape] }, seed),
  );
  randomizeWeights(tf, layer.weights, seed * 10);
  const w = Object.fromEntries(
    Object.entries(layer.weights).map(([k, v]) => [k, v.arraySync()]),
  ) as Record<string, Mat & number[]>;
  return { layer, w };
};

describe('attention/linear-attention', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('shares the ports and diagnostics of multi-head attention', () => {
    const ok = inferWith(
      linearAttentionNode,
      { heads: 4, causal: true },
      { x: tensorType('float32', ['B', 10, 16]) },
    );
    expect(ok.outputs['y']).toEqual(tensorType('float32', ['B', 10, 16]));
    expect(ok.outputs['attention']).toEqual(tensorType('float32', ['B', 4, 10, 10]));
    const bad = inferWith(
      linearAttentionNode,
      { heads: 3, causal: true },
      { x: tensorType('float32', ['B', 10, 16]) },
    );
    expect(bad.diagnostics[0]?.message).toMatch(/heads \(3\) must divide the model dim 16/);
    const cross = inferWith(
      linearAttentionNode,
      { heads: 4, causal: true },
      { x: tensorType('float32', ['B', 10, 16]), context: tensorType('float32', ['B', 7, 8]) },
    );
    expect(cross.diagnostics[0]?.message).toMatch(/turn causal off/);
  });

  for (const causal of [false, true])
    it(`${causal ? 'causal' : 'non-causal'}: equals its quadratic form (plain loops), masks included`, () => {
      const { layer, w } = build(causal, [2, 5, 4]);
      const x = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 11);
      const keyMask = tf.tensor2d([
        [1, 1, 1, 1, 1],
        [1, 0, 1, 1, 0],
      ]);
      const y = layer.apply({ x, keyMask }, applyContext())['y']!;
      const km = keyMask.arraySync();
      for (let b = 0; b < 2; b++) {
        const keep = (i: number, j: number) => (!causal || j <= i) && km[b]![j] === 1;
        expect(maxDiff(batch(y, b), reference(w, batch(x, b), 2, keep))).toBeLessThan(1e-4);
      }
    });

  it('the running-sum form equals the masked quadratic form in tf (A v) on a longer sequence', () => {
    const fq = tf.add(tf.elu(tf.randomNormal([3, 12, 4], 0, 1, 'float32', 1)), 1);
    const fk = tf.add(tf.elu(tf.randomNormal([3, 12, 4], 0, 1, 'float32', 2)), 1);
    const v = tf.randomNormal([3, 12, 5], 0, 1, 'float32', 3);
    for (const causal of [false, true]) {
      const diff = tf.max(
        tf.abs(
          tf.sub(
            linearAttention(tf, fq, fk, v, causal),
            tf.matMul(linearAttentionMap(tf, fq, fk, causal), v),
          ),
        ),
      );
      expect(diff.dataSync()[0]).toBeLessThan(1e-5);
    }
  });

  it('computes the attention map only when read; its rows sum to 1 and it is causal', () => {
    const { layer } = build(true, [1, 6, 4]);
    const x = tf.randomNormal([1, 6, 4], 0, 1, 'float32', 5);
    const before = tf.memory().numTensors;
    const out = layer.apply({ x }, applyContext());
    const afterApply = tf.memory().numTensors;
    // Walking the outputs (as the trainer does for scalar metrics) does not compute the map.
    expect(Object.entries(out).map(([k, t]) => [k, t.rank])).toEqual([['y', 3]]);
    expect(tf.memory().numTensors).toBe(afterApply);
    const att = out['attention']!;
    expect(tf.memory().numTensors).toBeGreaterThan(afterApply);
    expect(out['attention']).toBe(att); // memoised
    expect(afterApply).toBeGreaterThan(before);
    expect(att.shape).toEqual([1, 2, 6, 6]);
    for (const s of tf.sum(att, 3).dataSync()) expect(s).toBeCloseTo(1, 5);
    const a = att.arraySync() as number[][][][];
    expect(a[0]![1]![2]![4]).toBe(0);
  });

  for (const causal of [false, true])
    it(`${causal ? 'causal' : 'non-causal'}: gradients match finite differences`, () => {
      const { layer } = build(causal, [1, 5, 4]);
      const x = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 21);
      const r = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 22);
      const f = (a: tf.Tensor) => tf.sum(tf.mul(layer.apply({ x: a }, applyContext())['y']!, r));
      expect(gradientCheck(tf, f, x).maxError).toBeLessThan(2e-2);
      const vars = Object.values(layer.weights);
      const { grads } = tf.variableGrads(() => f(x) as tf.Scalar, vars);
      for (const g of Object.values(grads))
        expect(tf.sum(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    });

  it('causal gradients (tf.cumsum) on wasm match the cpu backend', async () => {
    const { layer } = build(true, [2, 6, 4]);
    const grads = () =>
      tf.tidy(() => {
        const x = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 31);
        const r = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 32);
        const { grads: g } = tf.variableGrads(
          () => tf.sum(tf.mul(layer.apply({ x }, applyContext())['y']!, r)) as tf.Scalar,
          Object.values(layer.weights),
        );
        return Object.values(g).map((t) => Array.from(t.dataSync()));
      });
    const cpu = grads();
    await initBackend({ backend: 'wasm' });
    try {
      expect(tf.getBackend()).toBe('wasm');
      const wasm = grads();
      cpu.forEach((g, i) => expect(maxDiff(g, wasm[i])).toBeLessThan(1e-4));
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
