import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../select-backend';
import { randomArray, relError, runOn } from '../backend-test-utils';
import { normalizeAxes, reductionSplit } from './leading-sum.kernel';

// Bias gradients (leading axes), group norm's mixed axes, size-1 axes before the reduced ones,
// negative axes, keepDims, a trailing reduction (stock path) and a full reduction (stock path).
const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
  { shape: [64, 7, 7, 64], axis: [0, 1, 2], keepDims: false },
  { shape: [32, 196, 8, 4], axis: [1, 3], keepDims: true },
  { shape: [768, 128], axis: 0, keepDims: false },
  { shape: [1, 50, 1, 33], axis: [1], keepDims: true },
  { shape: [6, 5, 4, 3], axis: [-4, -2], keepDims: false },
  { shape: [5, 7, 9], axis: [0, 1], keepDims: true },
  { shape: [12, 64, 128], axis: [2], keepDims: true },
  { shape: [9, 11], axis: [0, 1], keepDims: false },
  { shape: [3, 4, 5, 6, 7], axis: [1, 3], keepDims: false },
  { shape: [2, 3, 1, 5], axis: [1, 2], keepDims: true },
];

describe('wasm Sum and Mean over leading axes vs cpu', () => {
  beforeAll(async () => {
    const { info } = await initBackend({ backend: 'wasm' });
    expect(info.name).toBe('wasm');
  });

  it('splits a reduction into its leading run and the rest', () => {
    expect(normalizeAxes([-1, 0, 0], 4)).toEqual([0, 3]);
    expect(reductionSplit([64, 7, 7, 64], [0, 1, 2])).toEqual({
      outer: 1,
      lead: 3136,
      rest: [64],
      restAxes: [],
    });
    // Group norm: batch kept, HW reduced here, C/G left to the stock kernel.
    expect(reductionSplit([32, 196, 8, 4], [1, 3])).toEqual({
      outer: 32,
      lead: 196,
      rest: [8, 4],
      restAxes: [1],
    });
    expect(reductionSplit([1, 50, 1, 33], [1])).toEqual({
      outer: 1,
      lead: 50,
      rest: [33],
      restAxes: [],
    });
    expect(reductionSplit([6, 5, 4, 3], [0, 2])).toEqual({
      outer: 1,
      lead: 6,
      rest: [5, 4, 3],
      restAxes: [1],
    });
    expect(reductionSplit([9, 11], [0, 1])).toBeNull(); // full reduction: stock
    expect(reductionSplit([12, 64, 128], [2])).toBeNull(); // trailing: stock
    expect(reductionSplit([12, 64, 1], [1, 2])).toBeNull(); // trailing once size 1 is ignored
    expect(() => normalizeAxes([4], 4)).toThrow(/out of range/);
    expect(normalizeAxes(null, 3)).toEqual([0, 1, 2]);
  });

  it.each(cases)('sum and mean of %o within 1e-5 of cpu, with gradients', async (c) => {
    const xs = randomArray(
      c.shape.reduce((p, d) => p * d, 1),
      21,
    );
    const fn = (): tf.Tensor[] => {
      const x = tf.tensor(xs, c.shape);
      const s = tf.sum(x, c.axis, c.keepDims);
      const m = tf.mean(x, c.axis, c.keepDims);
      const dy = tf.tensor(randomArray(m.size, 22), m.shape);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.mean(v, c.axis, c.keepDims), dy)))(x);
      return [s, m, g];
    };
    const w = await runOn(tf, 'wasm', fn);
    const r = await runOn(tf, 'cpu', fn);
    await tf.setBackend('wasm');
    w.forEach((v, i) => expect(relError(v, r[i]!), `output ${i}`).toBeLessThan(1e-5));
    // Shapes as the stock kernels give them.
    const x = tf.tensor(xs, c.shape);
    const cpuShape = tf.tidy(() => tf.sum(x, c.axis, c.keepDims).shape);
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => tf.sum(tf.tensor(xs, c.shape), c.axis, c.keepDims).shape);
    await tf.setBackend('wasm');
    expect(cpuShape).toEqual(ref);
    x.dispose();
  });

  it('leaks no tensors and leaves int32 sums to the stock kernel', () => {
    const before = tf.memory().numTensors;
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const ids = backend.numDataIds();
    tf.tidy(() => tf.sum(tf.ones([64, 7, 7, 64]), [0, 1, 2]).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    expect(backend.numDataIds()).toBe(ids);
    const ints = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const s = tf.sum(ints, 0);
    expect(s.dtype).toBe('int32');
    expect(Array.from(s.dataSync())).toEqual([9, 12]);
    tf.dispose([ints, s]);
  });
});
