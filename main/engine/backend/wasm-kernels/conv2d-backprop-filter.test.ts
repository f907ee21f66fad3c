import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../select-backend';
import { randomArray, relError, runOn } from '../backend-test-utils';
import { filterMethod } from './conv2d-backprop-filter.kernel';

interface Case {
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  k: number;
  s: number;
  d: number;
  pad: 'same' | 'valid';
}

function dW(c: Case): () => tf.Tensor {
  return () => {
    const x = tf.tensor4d(randomArray(c.n * c.h * c.w * c.ci, 1), [c.n, c.h, c.w, c.ci]);
    const attrs = {
      strides: [c.s, c.s],
      pad: c.pad,
      dataFormat: 'NHWC',
      dilations: [c.d, c.d],
      dimRoundingMode: undefined,
    };
    const y = tf
      .engine()
      .runKernel(
        'Conv2D',
        { x, filter: tf.zeros([c.k, c.k, c.ci, c.co]) },
        attrs as never,
      ) as tf.Tensor;
    const dy = tf.tensor(randomArray(y.size, 2), y.shape);
    return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
      ...attrs,
      filterShape: [c.k, c.k, c.ci, c.co],
    } as never) as tf.Tensor;
  };
}

describe('Conv2DBackpropFilter formulations on wasm', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });
  afterEach(() => {
    filterMethod.method = 'auto';
    filterMethod.chunk = 1000;
  });

  // Chunks of 37 rows (and a short last one) over P = N*OH*OW rows; borders on every side.
  it.each<Case>([
    { n: 3, h: 9, w: 7, ci: 6, co: 5, k: 3, s: 1, d: 1, pad: 'same' },
    { n: 2, h: 10, w: 11, ci: 8, co: 4, k: 3, s: 2, d: 1, pad: 'same' },
    { n: 2, h: 8, w: 9, ci: 5, co: 3, k: 5, s: 3, d: 1, pad: 'same' },
    { n: 1, h: 7, w: 6, ci: 7, co: 2, k: 2, s: 1, d: 1, pad: 'valid' },
    // 1x1 stride 1: x's rows used in place (no im2col copy); then a strided 1x1 that copies.
    { n: 3, h: 9, w: 7, ci: 12, co: 5, k: 1, s: 1, d: 1, pad: 'same' },
    { n: 2, h: 9, w: 8, ci: 6, co: 3, k: 1, s: 2, d: 1, pad: 'valid' },
  ])('im2col by rows in chunks matches cpu %o', async (c) => {
    filterMethod.method = 'rows';
    filterMethod.chunk = 37;
    const w = await runOn(tf, 'wasm', dW(c));
    const ref = await runOn(tf, 'cpu', dW(c));
    expect(relError(w[0] as Float32Array, ref[0] as Float32Array)).toBeLessThan(1e-5);
    await tf.setBackend('wasm');
  });

  it.each<Case>([
    { n: 4, h: 12, w: 12, ci: 16, co: 1, k: 3, s: 1, d: 1, pad: 'same' },
    { n: 3, h: 10, w: 10, ci: 24, co: 8, k: 1, s: 1, d: 1, pad: 'same' },
  ])('auto (conv trick for few output channels, rows for 1x1) matches cpu %o', async (c) => {
    const w = await runOn(tf, 'wasm', dW(c));
    const ref = await runOn(tf, 'cpu', dW(c));
    expect(relError(w[0] as Float32Array, ref[0] as Float32Array)).toBeLessThan(1e-5);
    await tf.setBackend('wasm');
  });

  it('dilated: rows and the conv trick agree', async () => {
    const c: Case = { n: 2, h: 11, w: 10, ci: 6, co: 4, k: 3, s: 1, d: 2, pad: 'same' };
    filterMethod.method = 'rows';
    filterMethod.chunk = 50;
    const rows = await runOn(tf, 'wasm', dW(c));
    filterMethod.method = 'conv';
    const conv = await runOn(tf, 'wasm', dW(c));
    expect(Math.max(...(conv[0] as Float32Array).map(Math.abs))).toBeGreaterThan(0.5);
    expect(relError(rows[0] as Float32Array, conv[0] as Float32Array)).toBeLessThan(1e-5);
  });
});
