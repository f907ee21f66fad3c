import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../select-backend';

describe('wasm Identity shares memory instead of copying', () => {
  beforeAll(async () => {
    const { info } = await initBackend({ backend: 'wasm' });
    expect(info.name).toBe('wasm');
  });

  it('a clone keeps its values after the original is disposed, and frees its memory last', () => {
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    const bytes = tf.memory().numBytes;
    const x = tf.tensor2d([1, -2, 3.5, 4, 5, 6], [2, 3]);
    const y = tf.clone(x);
    // Shared: the clone adds no buffer on the backend (the stock kernel allocated and copied one).
    expect(backend.numDataIds()).toBe(before + 1);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3.5, 4, 5, 6]);
    expect(y.shape).toEqual([2, 3]);
    const ids = backend.numDataIds();
    y.dispose();
    expect(backend.numDataIds()).toBe(ids - 1);
    expect(backend.numDataIds()).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
  });

  it('gradients that save their inputs stay right, and a training step leaks no tensors', () => {
    const w = tf.variable(tf.tensor1d([0.5, -1, 2]));
    const x = tf.tensor1d([1, 2, 3]);
    const opt = tf.train.adam(0.1);
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++)
      tf.tidy(() => {
        // d/dw sum(exp(w) * x^2) = exp(w) * x^2: Exp and Square save tensors for the backward pass.
        const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.exp(v), tf.square(x))))(w);
        const expected = [0.5, -1, 2].map((v, k) => Math.exp(v) * (k + 1) ** 2);
        if (i === 0) g.dataSync().forEach((gv, k) => expect(gv).toBeCloseTo(expected[k]!, 4));
        opt.minimize(() => tf.sum(tf.mul(tf.exp(w), tf.square(x))));
      });
    // Adam's two moment slots per variable are the only tensors left.
    expect(tf.memory().numTensors - tensors).toBe(2);
    expect(w.dataSync()[0]!).toBeLessThan(0.5);
    tf.dispose([w, x]);
    opt.dispose();
  });
});
