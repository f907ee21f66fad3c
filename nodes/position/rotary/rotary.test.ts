import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../../shape/shared/test-helpers';
import { rotaryNode } from './rotary.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('position/rotary', () => {
  it('keeps the shape and needs a known even last axis', () => {
    expect(infer(rotaryNode, { x: t('B', 'H', 'N', 16) }).outputs['y']).toEqual(
      t('B', 'H', 'N', 16),
    );
    expect(infer(rotaryNode, { x: t('B', 'N', 15) }).diagnostics[0]?.message).toMatch(
      /last axis of x \(B x N x 15\) must be a known even number/,
    );
    expect(infer(rotaryNode, { x: t('B', 'N', 'D') }).diagnostics[0]?.port).toBe('x');
    expect(infer(rotaryNode, { x: t(8) }).diagnostics[0]?.message).toMatch(/rank 2 or more/);
  });

  it('rotates interleaved pairs by n * base^(-2i/D)', async () => {
    const layer = await buildLayer(tf, rotaryNode, { base: 100 }, { x: t('B', 'N', 4) });
    expect(countParams(layer.weights)).toBe(0);
    // Every token is (1, 2, 3, 4): pair 0 turns by n rad, pair 1 by n / 10 rad.
    const x = tf.tile(tf.tensor3d([[[1, 2, 3, 4]]]), [1, 3, 1]);
    const y = run(layer, { x }, 'y').arraySync() as number[][][];
    for (let n = 0; n < 3; n++) {
      const [a, b] = [n, n / 10];
      const want = [
        Math.cos(a) - 2 * Math.sin(a),
        Math.sin(a) + 2 * Math.cos(a),
        3 * Math.cos(b) - 4 * Math.sin(b),
        3 * Math.sin(b) + 4 * Math.cos(b),
      ];
      want.forEach((v, i) => expect(y[0]![n]![i]).toBeCloseTo(v, 5));
    }
  });

  it('makes q . k depend only on the relative offset, and keeps norms', async () => {
    const n = 7;
    const d = 8;
    const layer = await buildLayer(tf, rotaryNode, {}, { x: t('B', 'H', 'N', d) });
    const q = tf.randomNormal([1, 1, 1, d], 0, 1, 'float32', 5);
    const k = tf.randomNormal([1, 1, 1, d], 0, 1, 'float32', 6);
    const rq = run(layer, { x: tf.tile(q, [2, 1, n, 1]) }, 'y');
    const rk = run(layer, { x: tf.tile(k, [2, 1, n, 1]) }, 'y');
    const scores = tf.matMul(rq, rk, false, true).arraySync() as number[][][][];
    const s = scores[1]![0]!;
    const byOffset = new Map<number, number[]>();
    for (let m = 0; m < n; m++)
      for (let j = 0; j < n; j++) byOffset.set(m - j, [...(byOffset.get(m - j) ?? []), s[m]![j]!]);
    for (const values of byOffset.values())
      for (const v of values) expect(v).toBeCloseTo(values[0]!, 4);
    // ... and the scores really change with the offset.
    const spread = [...byOffset.values()].map((v) => Math.abs(v[0]! - byOffset.get(0)![0]!));
    expect(Math.max(...spread)).toBeGreaterThan(0.1);
    const norms = tf.norm(rq, 'euclidean', -1).dataSync();
    const qn = tf.norm(q).dataSync()[0]!;
    for (const v of norms) expect(v).toBeCloseTo(qn, 4);
  });

  it('passes gradients', async () => {
    const layer = await buildLayer(tf, rotaryNode, {}, { x: t('B', 'N', 6) });
    const x = tf.randomNormal([2, 5, 6], 0, 1, 'float32', 7);
    expect(projectedGradientError(tf, layer, { x }, 'x', 'y')).toBeLessThan(1e-2);
  });
});
