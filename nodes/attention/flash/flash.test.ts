import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { createGatedAttentionUnitLayer } from '../gated-attention-unit/gated-attention-unit.layer';
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
import { flashNode } from './flash.node';
import { createFlashLayer, FLASH_OFFSETS } from './flash.layer';

const build = (causal: boolean, chunk: number, shape: number[], seed = 5) => {
  const layer = createFlashLayer(
    tf,
    { expansion: 2, s: 3, chunk, causal },
    buildContext({ x: ['float32', shape] }, seed),
  );
  randomizeWeights(tf, layer.weights, seed * 10, 0.7);
  const w = Object.fromEntries(
    Object.entries(layer.weights).map(([k, v]) => [k, v.arraySync()]),
  ) as Record<string, Mat & number[]>;
  return { layer, w };
};

describe('attention/flash', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers shapes and refuses a chunk that does not divide N, naming divisors', () => {
    const ok = inferWith(
      flashNode,
      { expansion: 2, s: 16, chunk: 4, causal: true },
      { x: tensorType('float32', ['B', 12, 8]) },
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs['attention']).toEqual(tensorType('float32', ['B', 1, 12, 12]));
    const bad = inferWith(
      flashNode,
      { expansion: 2, s: 16, chunk: 5, causal: true },
      { x: tensorType('float32', ['B', 12, 8]) },
    );
    expect(bad.diagnostics[0]?.port).toBe('x');
    expect(bad.diagnostics[0]?.message).toMatch(
      /chunk \(5\) must divide the sequence length 12; set chunk to a divisor of 12 \(e\.g\. 4, 3, 2\)/,
    );
    const symbolic = inferWith(
      flashNode,
      { expansion: 2, s: 16, chunk: 5, causal: true },
      { x: tensorType('float32', ['B', 'N', 8]) },
    );
    expect(symbolic.diagnostics).toEqual([]);
  });

  for (const causal of [false, true])
    it(`${causal ? 'causal' : 'non-causal'}: with one chunk (C = N) equals the quadratic GAU`, () => {
      const { layer } = build(causal, 6, [2, 6, 4]);
      if (!causal)
        // Non-causal, the linear term sums over all chunks, own included: zero it to compare.
        for (const k of ['gammaLinQ', 'betaLinQ', 'gammaLinK', 'betaLinK'])
          layer.weights[k]!.assign(tf.zerosLike(layer.weights[k]!));
      const gau = createGatedAttentionUnitLayer(
        tf,
        { expansion: 2, s: 3, causal },
        buildContext({ x: ['float32', [2, 6, 4]] }, 1),
      );
      for (const [k, v] of Object.entries(gau.weights)) v.assign(layer.weights[k]!);
      const x = tf.randomNormal([2, 6, 4], 0, 1, 'float32', 15);
      const yFlash = layer.apply({ x }, applyContext())['y']!;
      const yGau = gau.apply({ x }, applyContext())['y']!;
      expect(maxDiff(yFlash.arraySync(), yGau.arraySync())).toBeLessThan(1e-5);
    });

  for (const causal of [false, true])
    it(`${causal ? 'causal' : 'non-causal'}: chunk 2 of 6 matches a direct plain-loop reference`, () => {
      const n = 6;
      const c = 2;
      const { layer, w } = build(causal, c, [2, n, 4]);
      const x = tf.randomNormal([2, n, 4], 0, 1, 'float32', 16);
      const out = layer.apply({ x }, applyContext());
      const score = (i: number, j: number, m: Record<string, Mat>): number => {
        const [gi, gj] = [Math.floor(i / c), Math.floor(j / c)];
        const quad =
          gi === gj && (!causal || j <= i) ? relu2(dot(m['q']![i]!, m['k']![j]!) / c) : 0;
        const lin = !causal || gj < gi ? dot(m['linQ']![i]!, m['linK']![j]!) / n : 0;
        return quad + lin;
      };
      for (let b = 0; b < 2; b++) {
        const ref = gauReference(w, batch(x, b), FLASH_OFFSETS, score);
        expect(maxDiff(batch(out['y']!, b), ref)).toBeLessThan(1e-4);
      }
      // The lazy map is the same matrix.
      const a = out['attention']!.arraySync() as number[][][][];
      expect(out['attention']!.shape).toEqual([2, 1, n, n]);
      if (causal) expect(a[0]![0]![3]![5]).toBe(0); // key 5 lies in a later chunk than query 3
    });

  it('refuses at run time a chunk that does not divide N', () => {
    const { layer } = build(true, 4, [1, 6, 4]);
    expect(() => layer.apply({ x: tf.zeros([1, 6, 4]) }, applyContext())).toThrow(
      /chunk \(4\) must divide the sequence length 6/,
    );
  });

  for (const causal of [false, true])
    it(`${causal ? 'causal' : 'non-causal'}: gradients match finite differences`, () => {
      const { layer } = build(causal, 2, [1, 6, 4], 8);
      const x = tf.randomNormal([1, 6, 4], 0, 1, 'float32', 17);
      const r = tf.randomNormal([1, 6, 4], 0, 1, 'float32', 18);
      const f = (a: tf.Tensor) => tf.sum(tf.mul(layer.apply({ x: a }, applyContext())['y']!, r));
      expect(gradientCheck(tf, f, x).maxError).toBeLessThan(2e-2);
      const { grads } = tf.variableGrads(() => f(x) as tf.Scalar, Object.values(layer.weights));
      for (const [k, g] of Object.entries(grads))
        expect(tf.sum(tf.abs(g)).dataSync()[0], k).toBeGreaterThan(0);
    });

  for (const causal of [false, true])
    it(`${causal ? 'causal' : 'non-causal'}: keyMask removes padded keys from both terms (plain-loop reference, gradients)`, () => {
      const n = 6;
      const c = 2;
      const keep = [
        [1, 0, 1, 1, 0, 1],
        [1, 1, 1, 0, 1, 1],
      ];
      const { layer, w } = build(causal, c, [2, n, 4], 7);
      const x = tf.randomNormal([2, n, 4], 0, 1, 'float32', 41);
      const keyMask = tf.tensor2d(keep);
      const out = layer.apply({ x, keyMask }, applyContext());
      for (let b = 0; b < 2; b++) {
        const score = (i: number, j: number, m: Record<string, Mat>): number => {
          if (keep[b]![j] === 0) return 0;
          const [gi, gj] = [Math.floor(i / c), Math.floor(j / c)];
          const quad =
            gi === gj && (!causal || j <= i) ? relu2(dot(m['q']![i]!, m['k']![j]!) / c) : 0;
          const lin = !causal || gj < gi ? dot(m['linQ']![i]!, m['linK']![j]!) / n : 0;
          return quad + lin;
        };
        expect(
          maxDiff(batch(out['y']!, b), gauReference(w, batch(x, b), FLASH_OFFSETS, score)),
        ).toBeLessThan(1e-4);
      }
      const a = out['attention']!.arraySync() as number[][][][];
      expect(a[0]![0]!.map((row) => Math.abs(row[1]!))).toEqual([0, 0, 0, 0, 0, 0]);
      const r = tf.randomNormal([2, n, 4], 0, 1, 'float32', 42);
      const f = (xx: tf.Tensor) =>
        tf.sum(tf.mul(layer.apply({ x: xx, keyMask }, applyContext())['y']!, r));
      expect(gradientCheck(tf, f, x).maxError).toBeLessThan(2e-2);
    });
});
