// Cross-attention, key-padding masks and gradients of attention/multi-head-attention, against a
// reference written with plain loops.
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyContext, buildContext, inferWith } from '../test-context';
import {
  batch,
  cols,
  dot,
  mat,
  maxDiff,
  mix,
  project,
  randomizeWeights,
  vec,
  type Mat,
} from '../test-reference';
import { multiHeadAttentionNode } from './multi-head-attention.node';
import { createMultiHeadAttention } from './multi-head-attention.layer';

/** softmax attention per head with plain loops; keep(i, j) false hides key j from query i. */
const reference = (
  w: Record<string, Mat & number[]>,
  x: Mat,
  c: Mat,
  heads: number,
  keep: (i: number, j: number) => boolean,
): Mat => {
  const q = project(x, w['wq']!, w['bq']!);
  const k = project(c, w['wk']!, w['bk']!);
  const v = project(c, w['wv']!, w['bv']!);
  const d = q[0]!.length;
  const e = d / heads;
  const merged: Mat = x.map(() => []);
  for (let h = 0; h < heads; h++) {
    const [qh, kh, vh] = [q, k, v].map((m) => cols(m, h * e, (h + 1) * e)) as [Mat, Mat, Mat];
    const a = qh.map((qi, i) => {
      const s = kh.map((kj, j) => (keep(i, j) ? dot(qi, kj) / Math.sqrt(e) : -Infinity));
      const top = Math.max(...s);
      const ex = s.map((z) => (z === -Infinity ? 0 : Math.exp(z - top)));
      const sum = ex.reduce((p, z) => p + z, 0);
      return ex.map((z) => z / sum);
    });
    mix(a, vh).forEach((r, i) => merged[i]!.push(...r));
  }
  return project(merged, w['wo']!, w['bo']!);
};

const weightsOf = (layer: { weights: Record<string, tf.Variable> }) =>
  Object.fromEntries(Object.entries(layer.weights).map(([k, v]) => [k, v.arraySync()])) as Record<
    string,
    Mat & number[]
  >;

describe('attention/multi-head-attention: cross-attention and masks', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers cross-attention shapes, refuses causal on cross-attention and checks keyMask', () => {
    const x = tensorType('float32', ['B', 6, 8]);
    const context = tensorType('float32', ['B', 5, 3]);
    const ok = inferWith(multiHeadAttentionNode, { heads: 2, causal: false }, { x, context });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs['y']).toEqual(tensorType('float32', ['B', 6, 8]));
    expect(ok.outputs['attention']).toEqual(tensorType('float32', ['B', 2, 6, 5]));
    const causal = inferWith(multiHeadAttentionNode, { heads: 2, causal: true }, { x, context });
    expect(causal.diagnostics[0]?.port).toBe('context');
    expect(causal.diagnostics[0]?.message).toMatch(/turn causal off/);
    const masked = inferWith(
      multiHeadAttentionNode,
      { heads: 2, causal: false },
      { x, context, keyMask: tensorType('float32', ['B', 5]) },
    );
    expect(masked.diagnostics).toEqual([]);
    const wrong = inferWith(
      multiHeadAttentionNode,
      { heads: 2, causal: true },
      { x, keyMask: tensorType('float32', ['B', 5]) },
    );
    expect(wrong.diagnostics[0]?.port).toBe('keyMask');
    expect(wrong.diagnostics[0]?.message).toMatch(/one 1\/0 entry per key token/);
    const noWidth = inferWith(
      multiHeadAttentionNode,
      { heads: 2, causal: false },
      { x, context: tensorType('float32', ['B', 5, 'C']) },
    );
    expect(noWidth.diagnostics[0]?.message).toMatch(/width Dc of the context must be known/);
  });

  it('cross-attention with a key-padding mask matches the plain-loop reference', () => {
    const layer = createMultiHeadAttention(
      tf,
      { heads: 2, causal: false },
      buildContext({ x: ['float32', [2, 3, 4]], context: ['float32', [2, 4, 5]] }, 3),
    );
    expect(layer.weights['wk']!.shape).toEqual([5, 4]);
    randomizeWeights(tf, layer.weights, 100);
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const context = tf.randomNormal([2, 4, 5], 0, 1, 'float32', 2);
    const keyMask = tf.tensor2d([
      [1, 1, 0, 1],
      [1, 0, 0, 0],
    ]);
    const out = layer.apply({ x, context, keyMask }, applyContext());
    expect(out['attention']!.shape).toEqual([2, 2, 3, 4]);
    const w = weightsOf(layer);
    const km = mat(keyMask);
    for (let b = 0; b < 2; b++) {
      const ref = reference(w, batch(x, b), batch(context, b), 2, (_i, j) => km[b]![j] === 1);
      expect(maxDiff(batch(out['y']!, b), ref)).toBeLessThan(1e-4);
    }
    // Padded keys get (numerically) zero weight.
    const att = out['attention']!.arraySync() as number[][][][];
    expect(att[0]![1]![2]![2]).toBeLessThan(1e-7);
    expect(att[1]![0]![0]![0]).toBeCloseTo(1, 6);
  });

  it('causal self-attention with a key-padding mask matches the plain-loop reference', () => {
    const layer = createMultiHeadAttention(
      tf,
      { heads: 2, causal: true },
      buildContext({ x: ['float32', [1, 4, 4]] }, 5),
    );
    randomizeWeights(tf, layer.weights, 200);
    const x = tf.randomNormal([1, 4, 4], 0, 1, 'float32', 4);
    const keyMask = tf.tensor2d([[1, 0, 1, 1]]);
    const y = layer.apply({ x, keyMask }, applyContext())['y']!;
    const km = vec(tf.squeeze(keyMask));
    const ref = reference(
      weightsOf(layer),
      batch(x, 0),
      batch(x, 0),
      2,
      (i, j) => j <= i && km[j] === 1,
    );
    expect(maxDiff(batch(y, 0), ref)).toBeLessThan(1e-4);
  });

  it('gradients with respect to x and the context match finite differences', () => {
    const layer = createMultiHeadAttention(
      tf,
      { heads: 2, causal: false },
      buildContext({ x: ['float32', [1, 3, 4]], context: ['float32', [1, 4, 3]] }, 9),
    );
    randomizeWeights(tf, layer.weights, 300);
    const x = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 6);
    const context = tf.randomNormal([1, 4, 3], 0, 1, 'float32', 7);
    const keyMask = tf.tensor2d([[1, 1, 1, 0]]);
    const r = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 8);
    const loss = (xx: tf.Tensor, cc: tf.Tensor): tf.Tensor =>
      tf.sum(tf.mul(layer.apply({ x: xx, context: cc, keyMask }, applyContext())['y']!, r));
    const gx = gradientCheck(tf, (a) => loss(a, context), x);
    const gc = gradientCheck(tf, (a) => loss(x, a), context);
    expect(gx.maxError).toBeLessThan(2e-2);
    expect(gc.maxError).toBeLessThan(2e-2);
    expect(gc.checked).toBeGreaterThan(6);
  });
});
