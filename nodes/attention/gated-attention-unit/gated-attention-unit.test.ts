import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyContext, buildContext, inferWith } from '../test-context';
import {
  batch,
  dot,
  gauReference,
  maxDiff,
  randomizeWeights,
  relu2,
  type Mat,
} from '../test-reference';
import { gatedAttentionUnitNode } from './gated-attention-unit.node';
import { createGatedAttentionUnitLayer } from './gated-attention-unit.layer';

const build = (causal: boolean, shape: number[], s = 3, expansion = 2, seed = 4) => {
  const layer = createGatedAttentionUnitLayer(
    tf,
    { expansion, s, causal },
    buildContext({ x: ['float32', shape] }, seed),
  );
  randomizeWeights(tf, layer.weights, seed * 10, 0.7);
  const w = Object.fromEntries(
    Object.entries(layer.weights).map(([k, v]) => [k, v.arraySync()]),
  ) as Record<string, Mat & number[]>;
  return { layer, w };
};

describe('attention/gated-attention-unit', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers y and a one-head attention map; counts its weights', () => {
    const r = inferWith(
      gatedAttentionUnitNode,
      { expansion: 2, s: 128, causal: true },
      { x: tensorType('float32', ['B', 16, 32]) },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs['y']).toEqual(tensorType('float32', ['B', 16, 32]));
    expect(r.outputs['attention']).toEqual(tensorType('float32', ['B', 1, 16, 16]));
    expect(
      inferWith(gatedAttentionUnitNode, { expansion: 2, s: 8, causal: true }, {}).diagnostics[0]
        ?.port,
    ).toBe('x');
    const { layer } = build(true, [1, 4, 6], 5, 2);
    const count = Object.values(layer.weights).reduce((n, v) => n + v.size, 0);
    // Wu, Wv: 6x12 + 12 each; Wz: 6x5 + 5; Wo: 12x6 + 6; gamma, beta for q and k: 4 x 5.
    expect(count).toBe(2 * (72 + 12) + 35 + 78 + 20);
  });

  for (const causal of [false, true])
    it(`${causal ? 'causal' : 'non-causal'}: matches the plain-loop reference of relu^2(Q K^T / N)`, () => {
      const { layer, w } = build(causal, [2, 5, 4]);
      const x = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 12);
      const out = layer.apply({ x }, applyContext());
      const n = 5;
      for (let b = 0; b < 2; b++) {
        const ref = gauReference(w, batch(x, b), ['q', 'k'], (i, j, m) =>
          causal && j > i ? 0 : relu2(dot(m['q']![i]!, m['k']![j]!) / n),
        );
        expect(maxDiff(batch(out['y']!, b), ref)).toBeLessThan(1e-4);
      }
      expect(out['attention']!.shape).toEqual([2, 1, 5, 5]);
      if (causal) expect((out['attention']!.arraySync() as number[][][][])[0]![0]![1]![3]).toBe(0);
    });

  for (const causal of [false, true])
    it(`${causal ? 'causal' : 'non-causal'}: gradients match finite differences`, () => {
      const { layer } = build(causal, [1, 4, 4], 3, 2, 8);
      const x = tf.randomNormal([1, 4, 4], 0, 1, 'float32', 13);
      const r = tf.randomNormal([1, 4, 4], 0, 1, 'float32', 14);
      const f = (a: tf.Tensor) => tf.sum(tf.mul(layer.apply({ x: a }, applyContext())['y']!, r));
      expect(gradientCheck(tf, f, x).maxError).toBeLessThan(2e-2);
      const { grads } = tf.variableGrads(() => f(x) as tf.Scalar, Object.values(layer.weights));
      for (const g of Object.values(grads))
        expect(tf.sum(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    });

  it('keyMask: padded keys get zero weight (plain-loop reference), and a mask of the wrong size is refused', () => {
    const keep = [
      [1, 1, 0, 1, 1],
      [0, 1, 1, 1, 0],
    ];
    for (const causal of [false, true]) {
      const { layer, w } = build(causal, [2, 5, 4], 3, 2, 6);
      const x = tf.randomNormal([2, 5, 4], 0, 1, 'float32', 31);
      const out = layer.apply({ x, keyMask: tf.tensor2d(keep) }, applyContext());
      for (let b = 0; b < 2; b++) {
        const ref = gauReference(w, batch(x, b), ['q', 'k'], (i, j, m) =>
          (causal && j > i) || keep[b]![j] === 0 ? 0 : relu2(dot(m['q']![i]!, m['k']![j]!) / 5),
        );
        expect(maxDiff(batch(out['y']!, b), ref)).toBeLessThan(1e-4);
      }
      const a = out['attention']!.arraySync() as number[][][][];
      expect(a[0]![0]!.map((row) => row[2])).toEqual([0, 0, 0, 0, 0]);
    }
    const x = tensorType('float32', ['B', 5, 8]);
    const params = { expansion: 2, s: 4, causal: true };
    expect(
      inferWith(gatedAttentionUnitNode, params, { x, keyMask: tensorType('float32', ['B', 5]) })
        .diagnostics,
    ).toEqual([]);
    const bad = inferWith(gatedAttentionUnitNode, params, {
      x,
      keyMask: tensorType('float32', ['B', 4]),
    });
    expect(bad.diagnostics[0]?.port).toBe('keyMask');
    expect(bad.diagnostics[0]?.message).toMatch(
      /keyMask is B x 4 but x is B x 5 tokens; give one 1\/0 entry per token/,
    );
  });
});
