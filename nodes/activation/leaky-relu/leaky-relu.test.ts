import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck } from '../../shared/gradient-check';
import { expectPassThrough, nodeFn, secondDerivative } from '../shared/activation-test-kit';
import { leakyReluNode } from './leaky-relu.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('activation/leaky-relu', () => {
  it('keeps any shape, symbolic dims included', () => expectPassThrough(leakyReluNode));

  it('defaults alpha to 0.2 and scales negatives by alpha', async () => {
    expect(leakyReluNode.params['alpha']?.default).toBe(0.2);
    const y = (await nodeFn(tf, leakyReluNode))(tf.tensor1d([-2, -0.5, 0, 3]));
    const expected = [-0.4, -0.1, 0, 3];
    y.dataSync().forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 6));
    const pt = (await nodeFn(tf, leakyReluNode, { alpha: 0.01 }))(tf.tensor1d([-2]));
    expect(pt.dataSync()[0]).toBeCloseTo(-0.02, 6);
  });

  it('has the right gradient', async () => {
    const f = await nodeFn(tf, leakyReluNode);
    const x = tf.tensor2d([-1.3, -0.4, 0.2, 0.9, 1.7, -2.2], [2, 3]);
    expect(gradientCheck(tf, (a) => tf.sum(tf.square(f(a))), x).maxError).toBeLessThan(1e-2);
  });

  it('can be differentiated twice (tf.leakyRelu throws here) with the right value', async () => {
    const f = await nodeFn(tf, leakyReluNode);
    const naive = (x: tf.Tensor) => tf.leakyRelu(x, 0.2);
    expect(() => secondDerivative(tf, naive, [0.3, -0.5])).toThrow();
    // d f(w x)/dx = w (x > 0) or 0.2 w (x < 0): L = w^2 + 0.04 w^2, dL/dw = 2.08 w = 1.456.
    const { analytic, numeric } = secondDerivative(tf, f, [0.3, -0.5]);
    expect(analytic).toBeCloseTo(1.456, 4);
    expect(numeric).toBeCloseTo(1.456, 3);
  });
});
