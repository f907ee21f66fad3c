import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fullMask, maskedConv2d, maskedTaps } from './masked-conv';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('masked convolution (PixelCNN masks A and B)', () => {
  it('has the same kernel gradient by taps and by conv2d', () => {
    const taps = maskedTaps(3, 'B');
    const x = tf.randomNormal([2, 5, 4, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const kernel = tf.randomNormal([taps.length, 2, 3], 0, 1, 'float32', 6);
    const bias = tf.zeros([3]);
    const grad = (via: 'taps' | 'conv2d'): tf.Tensor =>
      tf.grad((k: tf.Tensor) => tf.sum(tf.square(maskedConv2d(tf, x, k, bias, taps, via))))(kernel);
    expect(tf.max(tf.abs(tf.sub(grad('taps'), grad('conv2d')))).dataSync()[0]).toBeLessThan(1e-3);
  });

  it('keeps the taps above and to the left; B adds the centre', () => {
    expect(maskedTaps(3, 'A')).toEqual([
      [-1, -1],
      [-1, 0],
      [-1, 1],
      [0, -1],
    ]);
    expect(maskedTaps(3, 'B')).toEqual([
      [-1, -1],
      [-1, 0],
      [-1, 1],
      [0, -1],
      [0, 0],
    ]);
    expect(maskedTaps(7, 'A')).toHaveLength(24);
    expect(fullMask(3, 'B')).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  for (const [k, type] of [
    [7, 'A'],
    [3, 'B'],
    [5, 'A'],
  ] as const)
    it(`equals tf.conv2d with a ${k}x${k} mask-${type} kernel (same padding)`, () => {
      const ci = 3;
      const co = 4;
      const taps = maskedTaps(k, type);
      const kernel = tf.randomNormal([taps.length, ci, co], 0, 1, 'float32', 1);
      const bias = tf.randomNormal([co], 0, 1, 'float32', 2);
      const x = tf.randomNormal([2, 6, 5, ci], 0, 1, 'float32', 3) as tf.Tensor4D;
      // Scatter the taps into a full k x k x ci x co kernel (zeros where masked).
      const p = Math.floor(k / 2);
      const full = new Float32Array(k * k * ci * co);
      const kd = kernel.dataSync();
      taps.forEach(([dy, dx], t) => {
        for (let a = 0; a < ci; a++)
          for (let b = 0; b < co; b++)
            full[(((dy + p) * k + (dx + p)) * ci + a) * co + b] = kd[
              (t * ci + a) * co + b
            ] as number;
      });
      const want = tf.add(tf.conv2d(x, tf.tensor4d(full, [k, k, ci, co]), 1, 'same'), bias);
      for (const via of ['taps', 'conv2d'] as const) {
        const got = maskedConv2d(tf, x, kernel, bias, taps, via);
        expect(got.shape).toEqual([2, 6, 5, co]);
        expect(tf.max(tf.abs(tf.sub(got, want))).dataSync()[0]).toBeLessThan(1e-4);
      }
    });
});
