import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyContext, buildContext, inferWith } from '../test-context';
import { randomizeWeights } from '../test-reference';
import { multiHeadAttentionNode } from './multi-head-attention.node';
import { createMultiHeadAttention } from './multi-head-attention.layer';

describe('attention/multi-head-attention', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers shapes and reports heads that do not divide D', () => {
    const ok = inferWith(
      multiHeadAttentionNode,
      { heads: 4, causal: true },
      { x: tensorType('float32', ['B', 49, 32]) },
    );
    expect(ok.outputs['y']).toEqual(tensorType('float32', ['B', 49, 32]));
    expect(ok.outputs['attention']).toEqual(tensorType('float32', ['B', 4, 49, 49]));
    const bad = inferWith(
      multiHeadAttentionNode,
      { heads: 5, causal: true },
      { x: tensorType('float32', ['B', 49, 32]) },
    );
    expect(bad.diagnostics[0]?.message).toMatch(/heads \(5\) must divide the model dim 32/);
  });

  it('causal: attention is lower-triangular and outputs ignore future tokens', () => {
    const layer = createMultiHeadAttention(
      tf,
      { heads: 2, causal: true },
      buildContext({ x: ['float32', [1, 5, 8]] }),
    );
    expect(Object.values(layer.weights).reduce((s, w) => s + w.size, 0)).toBe(4 * 64 + 4 * 8);
    const x = tf.randomNormal([1, 5, 8], 0, 1, 'float32', 1);
    const out = layer.apply({ x }, applyContext());
    const att = out['attention']!.arraySync() as number[][][][];
    for (const head of att[0]!)
      head.forEach((row, i) =>
        row.forEach((a, j) => (j > i ? expect(a).toBeLessThan(1e-7) : undefined)),
      );
    // Change the last token: outputs at positions 0..3 must not move.
    const changed = tf.concat([tf.slice(x, [0, 0, 0], [1, 4, 8]), tf.fill([1, 1, 8], 3)], 1);
    const y1 = tf.slice(out['y']!, [0, 0, 0], [1, 4, 8]);
    const y2 = tf.slice(layer.apply({ x: changed }, applyContext())['y']!, [0, 0, 0], [1, 4, 8]);
    expect(tf.max(tf.abs(tf.sub(y1, y2))).dataSync()[0]).toBeLessThan(1e-6);
    const yLast1 = tf.slice(out['y']!, [0, 4, 0], [1, 1, 8]);
    const yLast2 = tf.slice(
      layer.apply({ x: changed }, applyContext())['y']!,
      [0, 4, 0],
      [1, 1, 8],
    );
    expect(tf.max(tf.abs(tf.sub(yLast1, yLast2))).dataSync()[0]).toBeGreaterThan(1e-5);
  });

  it('non-causal: the first token sees the last one', () => {
    const layer = createMultiHeadAttention(
      tf,
      { heads: 1, causal: false },
      buildContext({ x: ['float32', [1, 3, 4]] }),
    );
    const att = layer.apply({ x: tf.randomNormal([1, 3, 4], 0, 1, 'float32', 2) }, applyContext())[
      'attention'
    ]!;
    expect((att.arraySync() as number[][][][])[0]![0]![0]![2]).toBeGreaterThan(0.05);
  });

  it('matches a per-head reference computed with plain loops', () => {
    const layer = createMultiHeadAttention(
      tf,
      { heads: 2, causal: true },
      buildContext({ x: ['float32', [1, 3, 4]] }, 11),
    );
    const x = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 9);
    const y = layer.apply({ x }, applyContext())['y']!.arraySync() as number[][][];
    const w = Object.fromEntries(
      Object.entries(layer.weights).map(([k, v]) => [k, v.arraySync()]),
    ) as Record<string, number[][] & number[]>;
    const xs = (x.arraySync() as number[][][])[0]!;
    const proj = (m: number[][], bias: number[]) =>
      xs.map((r) => bias.map((bb, o) => bb + r.reduce((s, xi, i) => s + xi * m[i]![o]!, 0)));
    const q = proj(w['wq']!, w['bq']!),
      k = proj(w['wk']!, w['bk']!),
      v = proj(w['wv']!, w['bv']!);
    const merged = xs.map(() => [0, 0, 0, 0]);
    for (let h = 0; h < 2; h++)
      for (let i = 0; i < 3; i++) {
        const s = [0, 1, 2].map((j) =>
          j > i
            ? -Infinity
            : (q[i]![2 * h]! * k[j]![2 * h]! + q[i]![2 * h + 1]! * k[j]![2 * h + 1]!) /
              Math.sqrt(2),
        );
        const m = Math.max(...s);
        const e = s.map((z) => Math.exp(z - m));
        const z = e.reduce((a, b) => a + b, 0);
        for (let j = 0; j < 3; j++)
          for (let c = 0; c < 2; c++) merged[i]![2 * h + c]! += (e[j]! / z) * v[j]![2 * h + c]!;
      }
    const ref = merged.map((r) =>
      (w['bo']! as number[]).map(
        (bb, o) => bb + r.reduce((s, xi, i) => s + xi * w['wo']![i]![o]!, 0),
      ),
    );
    ref.forEach((r, i) => r.forEach((val, o) => expect(y[0]![i]![o]).toBeCloseTo(val, 5)));
  });

  it('causal self-attention: gradients match finite differences, and none flows from the past to the future', () => {
    const layer = createMultiHeadAttention(
      tf,
      { heads: 2, causal: true },
      buildContext({ x: ['float32', [1, 5, 4]] }, 13),
    );
    randomizeWeights(tf, layer.weights, 400);
    const x = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 21);
    const r = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 22);
    const y = (a: tf.Tensor) => layer.apply({ x: a }, applyContext())['y']!;
    const check = gradientCheck(tf, (a) => tf.sum(tf.mul(y(a), r)), x);
    expect(check.maxError).toBeLessThan(2e-2);
    expect(check.checked).toBeGreaterThan(10);
    // d(sum of y at tokens 0..1)/dx is exactly 0 at tokens 2..4, and not at tokens 0..1.
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.slice(y(a), [0, 0, 0], [1, 2, 4])))(x);
    expect(tf.max(tf.abs(tf.slice(g, [0, 2, 0], [1, 3, 4]))).dataSync()[0]).toBe(0);
    expect(tf.max(tf.abs(tf.slice(g, [0, 0, 0], [1, 2, 4]))).dataSync()[0]).toBeGreaterThan(1e-3);
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(y(x), r)) as tf.Scalar,
      Object.values(layer.weights),
    );
    // A key bias adds q.b to a whole row of scores, which softmax ignores: its gradient is ~0.
    for (const [k, w] of Object.entries(layer.weights)) {
      const size = tf.sum(tf.abs(grads[w.name]!)).dataSync()[0]!;
      if (k === 'bk') expect(size, k).toBeLessThan(1e-4);
      else expect(size, k).toBeGreaterThan(1e-3);
    }
  });
});
