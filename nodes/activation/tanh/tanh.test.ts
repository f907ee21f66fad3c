import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck } from '../../shared/gradient-check';
import { expectPassThrough, nodeFn, secondDerivative } from '../shared/activation-test-kit';
import { tanhNode } from './tanh.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('activation/tanh', () => {
  it('keeps any shape, symbolic dims included', () => expectPassThrough(tanhNode));

  it('matches hand-computed values', async () => {
    const y = (await nodeFn(tf, tanhNode))(tf.tensor1d([1, -2, 0, 5])).dataSync();
    [0.7615942, -0.9640276, 0, 0.9999092].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
  });

  it('has the right first derivative', async () => {
    const f = await nodeFn(tf, tanhNode);
    const x = tf.tensor2d([-1.3, -0.4, 0.2, 0.9, 1.7, -2.2], [2, 3]);
    expect(gradientCheck(tf, (a) => tf.sum(tf.square(f(a))), x).maxError).toBeLessThan(1e-2);
  });

  it("has the right second derivative, where tfjs's own tf.tanh does not", async () => {
    const f = await nodeFn(tf, tanhNode);
    const ours = secondDerivative(tf, f, [0.3, -0.8, 1.5]);
    expect(Math.abs(ours.analytic - ours.numeric)).toBeLessThan(1e-3 * Math.abs(ours.numeric));
    const plain = secondDerivative(tf, (x) => tf.tanh(x), [0.3, -0.8, 1.5]);
    expect(Math.abs(plain.analytic - plain.numeric)).toBeGreaterThan(
      1e-2 * Math.abs(plain.numeric),
    );
  });
});
