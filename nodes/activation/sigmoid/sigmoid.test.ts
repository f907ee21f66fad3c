import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck } from '../../shared/gradient-check';
import { expectPassThrough, nodeFn, secondDerivative } from '../shared/activation-test-kit';
import { sigmoidNode } from './sigmoid.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('activation/sigmoid', () => {
  it('keeps any shape, symbolic dims included', () => expectPassThrough(sigmoidNode));

  it('matches hand-computed values', async () => {
    const y = (await nodeFn(tf, sigmoidNode))(tf.tensor1d([1, -2, 0, 5])).dataSync();
    [0.7310586, 0.1192029, 0.5, 0.9933072].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
  });

  it('has the right first derivative', async () => {
    const f = await nodeFn(tf, sigmoidNode);
    const x = tf.tensor2d([-1.3, -0.4, 0.2, 0.9, 1.7, -2.2], [2, 3]);
    expect(gradientCheck(tf, (a) => tf.sum(tf.square(f(a))), x).maxError).toBeLessThan(1e-2);
  });

  it("has the right second derivative, where tfjs's own tf.sigmoid does not", async () => {
    const f = await nodeFn(tf, sigmoidNode);
    const ours = secondDerivative(tf, f, [0.3, -0.8, 1.5]);
    expect(Math.abs(ours.analytic - ours.numeric)).toBeLessThan(1e-3 * Math.abs(ours.numeric));
    const plain = secondDerivative(tf, (x) => tf.sigmoid(x), [0.3, -0.8, 1.5]);
    expect(Math.abs(plain.analytic - plain.numeric)).toBeGreaterThan(
      1e-2 * Math.abs(plain.numeric),
    );
  });
});
