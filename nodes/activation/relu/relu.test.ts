import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck } from '../../shared/gradient-check';
import { expectPassThrough, nodeFn, secondDerivative } from '../shared/activation-test-kit';
import { reluNode } from './relu.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('activation/relu', () => {
  it('keeps any shape, symbolic dims included', () => expectPassThrough(reluNode));

  it('zeroes negatives and passes positives', async () => {
    const f = await nodeFn(tf, reluNode);
    expect(Array.from(f(tf.tensor1d([-2, -0.5, 0, 0.5, 3])).dataSync())).toEqual([0, 0, 0, 0.5, 3]);
  });

  it('has the right first and second derivatives', async () => {
    const f = await nodeFn(tf, reluNode);
    const x = tf.tensor2d([-1.3, -0.4, 0.2, 0.9, 1.7, -2.2], [2, 3]);
    expect(gradientCheck(tf, (a) => tf.sum(tf.square(f(a))), x).maxError).toBeLessThan(1e-2);
    // d relu(w x)/dx = w on positives: L = 2 w^2 for two positive xs, dL/dw = 4 w = 2.8.
    const { analytic } = secondDerivative(tf, f, [0.3, 1.1, -0.5]);
    expect(analytic).toBeCloseTo(2.8, 4);
  });
});
