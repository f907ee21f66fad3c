import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { infer } from '../../shared/test-kit';
import { mulberry32 } from '../../shared/seeded-random';
import { ntXent } from './nt-xent.layer';
import { ntXentNode } from './nt-xent.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** SimCLR's eq. (1) written out with loops, in float64. */
const reference = (za: number[][], zb: number[][], tau: number): number => {
  const z = [...za, ...zb].map((v) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  });
  const n = za.length;
  const sim = (i: number, k: number) => z[i]!.reduce((s, x, d) => s + x * z[k]![d]!, 0) / tau;
  let total = 0;
  for (let i = 0; i < 2 * n; i++) {
    let denom = 0;
    for (let k = 0; k < 2 * n; k++) if (k !== i) denom += Math.exp(sim(i, k));
    total += -Math.log(Math.exp(sim(i, (i + n) % (2 * n))) / denom);
  }
  return total / (2 * n);
};

const value = (za: number[][], zb: number[][], tau: number) =>
  tf.tidy(() => ntXent(tf, tf.tensor2d(za), tf.tensor2d(zb), tau).loss.dataSync()[0]!);

describe('ssl/nt-xent', () => {
  it('matches the direct reference on random embeddings', () => {
    const r = mulberry32(3);
    const rand = (n: number, d: number) =>
      Array.from({ length: n }, () => Array.from({ length: d }, () => r() * 2 - 1));
    for (const tau of [0.1, 0.5, 1]) {
      const za = rand(5, 3);
      const zb = rand(5, 3);
      expect(value(za, zb, tau)).toBeCloseTo(reference(za, zb, tau), 4);
    }
  });

  it('gives log(2N - 1) when every embedding is the same, and the orthogonal-pairs value', () => {
    const same = Array.from({ length: 4 }, () => [1, 2, 3]);
    expect(value(same, same, 0.5)).toBeCloseTo(Math.log(7), 5);
    // Pairs equal to e_i, different pairs orthogonal: l = log(e^(1/tau) + 2N - 2) - 1/tau.
    const eye = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i === j ? 1 : 0)));
    expect(value(eye, eye, 0.5)).toBeCloseTo(Math.log(Math.exp(2) + 6) - 2, 5);
    // Scale does not matter (cosine similarity).
    expect(
      value(
        eye.map((v) => v.map((x) => 3 * x)),
        eye,
        0.5,
      ),
    ).toBeCloseTo(Math.log(Math.exp(2) + 6) - 2, 5);
  });

  it('reports pair accuracy 1 for orthogonal pairs and pulls partners together', () => {
    const eye = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? 1 : 0)));
    const acc = tf.tidy(
      () => ntXent(tf, tf.tensor2d(eye), tf.tensor2d(eye), 0.5).accuracy.dataSync()[0],
    );
    expect(acc).toBe(1);
    const za = tf.variable(
      tf.tensor2d([
        [1, 0.2],
        [0.1, 1],
        [-1, 0.3],
      ]),
    );
    const zb = tf.tensor2d([
      [0.3, 1],
      [1, 0],
      [-1, -0.5],
    ]);
    const before = ntXent(tf, za, zb, 0.5).loss.dataSync()[0]!;
    const opt = tf.train.sgd(0.5);
    for (let i = 0; i < 20; i++) opt.minimize(() => ntXent(tf, za, zb, 0.5).loss as tf.Scalar);
    expect(ntXent(tf, za, zb, 0.5).loss.dataSync()[0]!).toBeLessThan(before - 0.3);
  });

  it('names embeddings of different shapes (views of different sizes)', () => {
    const ok = infer(ntXentNode, {
      za: tensorType('float32', ['B', 64]),
      zb: tensorType('float32', ['B', 64]),
    });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.loss).toEqual(tensorType('float32', []));
    const bad = infer(ntXentNode, {
      za: tensorType('float32', ['B', 64]),
      zb: tensorType('float32', ['B', 32]),
    });
    expect(bad.diagnostics[0]?.port).toBe('zb');
    expect(bad.diagnostics[0]?.message).toMatch(/different shapes.*same size/);
  });
});
