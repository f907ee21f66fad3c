import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { infer } from '../../shared/test-kit';
import { maskedMse } from './masked-mse.layer';
import { maskedMseNode } from './masked-mse.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// One example, 2 x 2 pixels, 2 channels; the two left pixels are masked.
const mask = tf.tensor4d([1, 0, 1, 0], [1, 2, 2, 1]);
const target = tf.zeros([1, 2, 2, 2]);
const pred = tf.tensor4d([1, 2, 10, 20, 3, 4, 30, 40], [1, 2, 2, 2]);

describe('ssl/masked-mse', () => {
  it('averages the squared error over the masked pixels and channels only', () => {
    // masked values: 1, 2 (pixel 0,0) and 3, 4 (pixel 1,0): (1 + 4 + 9 + 16) / 4.
    expect(maskedMse(tf, pred, target, mask).dataSync()[0]).toBeCloseTo(7.5, 5);
  });

  it('unmasked patches contribute 0: to the value and to the gradient', () => {
    const other = tf.tensor4d([1, 2, -7, 99, 3, 4, 0, 5], [1, 2, 2, 2]);
    expect(maskedMse(tf, other, target, mask).dataSync()[0]).toBeCloseTo(7.5, 5);
    const g = tf.grad((p: tf.Tensor) => maskedMse(tf, p, target, mask))(pred);
    const grad = Array.from(g.dataSync());
    expect([grad[2], grad[3], grad[6], grad[7]]).toEqual([0, 0, 0, 0]);
    // d/dp of sum(m (p - t)^2) / 4 = 2 p / 4 on masked entries.
    expect([grad[0], grad[1], grad[4], grad[5]]).toEqual([0.5, 1, 1.5, 2]);
  });

  it('names a mask of the wrong size', () => {
    const x = tensorType('float32', ['B', 28, 28, 1]);
    const ok = infer(maskedMseNode, { prediction: x, target: x, mask: x });
    expect(ok.diagnostics).toEqual([]);
    const bad = infer(maskedMseNode, {
      prediction: x,
      target: x,
      mask: tensorType('float32', ['B', 14, 14, 1]),
    });
    expect(bad.diagnostics[0]?.port).toBe('mask');
  });
});
