import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck } from '../../shared/gradient-check';
import { expectPassThrough, nodeFn, secondDerivative } from '../shared/activation-test-kit';
import { siluNode } from './silu.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('activation/silu', () => {
  it('keeps any shape, symbolic dims included', () => expectPassThrough(siluNode));

  it('computes x * sigmoid(x)', async () => {
    const y = (await nodeFn(tf, siluNode))(tf.tensor1d([1, -1, 0, 3])).dataSync();
    [0.7310586, -0.2689414, 0, 2.8577223].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 5));
  });

  it('has right first and second derivatives', async () => {
    const f = await nodeFn(tf, siluNode);
    const x = tf.tensor2d([-1.3, -0.4, 0.2, 0.9, 1.7, -2.2], [2, 3]);
    expect(gradientCheck(tf, (a) => tf.sum(tf.square(f(a))), x).maxError).toBeLessThan(1e-2);
    const { analytic, numeric } = secondDerivative(tf, f, [0.3, -0.8, 1.5]);
    expect(Math.abs(analytic - numeric)).toBeLessThan(1e-2 * Math.max(1, Math.abs(numeric)));
  });
});
