import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../select-backend';
import { randomArray, runOn } from '../backend-test-utils';

// Slices and concats that exercise short runs (loop), long runs (copyWithin), merged trailing
// dims, empty inputs and int32 bit patterns that read as NaN through a Float32Array.
const sliceCases: { shape: number[]; begin: number[]; size: number[] }[] = [
  { shape: [4, 5, 6, 7], begin: [1, 0, 2, 3], size: [2, 5, 3, -1] },
  { shape: [2, 9, 9, 80], begin: [0, 1, 1, 0], size: [2, 7, 7, 80] },
  { shape: [3, 200], begin: [1, 10], size: [2, 150] },
  { shape: [6, 4, 3], begin: [2, 0, 0], size: [3, 4, 3] },
  { shape: [5, 3, 2, 4, 3], begin: [1, 1, 0, 1, 0], size: [3, 2, 2, 2, 3] },
  { shape: [7], begin: [2], size: [4] },
];

describe('wasm Slice, SplitV and Concat by heap runs', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it.each(sliceCases)('slice equals cpu %o', async (c) => {
    const n = c.shape.reduce((p, d) => p * d, 1);
    const data = randomArray(n, 3);
    const f = (): tf.Tensor => tf.slice(tf.tensor(data, c.shape), c.begin, c.size);
    const [mine] = await runOn(tf, 'wasm', f);
    const [ref] = await runOn(tf, 'cpu', f);
    expect(Array.from(mine as Float32Array)).toEqual(Array.from(ref as Float32Array));
  });

  it.each([
    {
      shapes: [
        [32, 7, 7, 16],
        [32, 7, 7, 32],
      ],
      axis: 3,
    },
    {
      shapes: [
        [3, 4, 100],
        [3, 2, 100],
        [3, 1, 100],
      ],
      axis: 1,
    },
    {
      shapes: [
        [2, 3],
        [5, 3],
      ],
      axis: 0,
    },
    {
      shapes: [
        [4, 0, 3],
        [4, 2, 3],
      ],
      axis: 1,
    },
    {
      shapes: [
        [2, 3, 5],
        [2, 3, 1],
      ],
      axis: -1,
    },
  ])('concat and its gradient (SplitV) equal cpu %o', async ({ shapes, axis }) => {
    const f = (): tf.Tensor[] => {
      const xs = shapes.map((s, i) =>
        tf.tensor(
          randomArray(
            s.reduce((p, d) => p * d, 1),
            10 + i,
          ),
          s,
        ),
      );
      const y = tf.concat(xs, axis);
      const w = tf.tensor(randomArray(y.size, 20), y.shape);
      const grads = tf.grads((...args: tf.Tensor[]) => tf.concat(args, axis).mul(w).sum())(xs);
      return [y, ...grads];
    };
    const mine = await runOn(tf, 'wasm', f);
    const ref = await runOn(tf, 'cpu', f);
    expect(mine.map((a) => Array.from(a))).toEqual(ref.map((a) => Array.from(a)));
  });

  it('keeps int32 bits exactly (patterns that are NaN as float32)', async () => {
    await tf.setBackend('wasm');
    const bits = [-1, 0x7fc00001, -4194303, 2139095041, 5, -7, 0x7f800000, 123456789];
    const a = tf.tensor2d(bits, [2, 4], 'int32');
    const b = tf.tensor2d(bits.slice().reverse(), [2, 4], 'int32');
    const c = tf.concat([a, b], 1);
    expect(c.dtype).toBe('int32');
    expect(Array.from(c.dataSync())).toEqual([
      ...bits.slice(0, 4),
      ...bits.slice().reverse().slice(0, 4),
      ...bits.slice(4),
      ...bits.slice().reverse().slice(4),
    ]);
    const s = tf.slice(c, [0, 1], [2, 5]);
    expect(Array.from(s.dataSync())).toEqual([
      ...Array.from(c.dataSync()).slice(1, 6),
      ...Array.from(c.dataSync()).slice(9, 14),
    ]);
    const [p, q] = tf.split(c, [3, 5], 1);
    expect(Array.from((p as tf.Tensor).dataSync())).toEqual([
      ...Array.from(c.dataSync()).slice(0, 3),
      ...Array.from(c.dataSync()).slice(8, 11),
    ]);
    expect((q as tf.Tensor).shape).toEqual([2, 5]);
    tf.dispose([a, b, c, s, p as tf.Tensor, q as tf.Tensor]);
  });

  it('leaves bool and string tensors to the stock kernels', async () => {
    await tf.setBackend('wasm');
    const m = tf.tensor1d([true, false, true, true], 'bool');
    const s = tf.slice(m, [1], [2]);
    expect(s.dtype).toBe('bool');
    expect(Array.from(s.dataSync())).toEqual([0, 1]);
    const c = tf.concat([m, s]);
    expect(Array.from(c.dataSync())).toEqual([1, 0, 1, 1, 0, 1]);
    tf.dispose([m, s, c]);
  });

  it('names the axis and shapes when a slice runs outside x', async () => {
    await tf.setBackend('wasm');
    const x = tf.zeros([3, 4]);
    expect(() => tf.engine().runKernel('Slice', { x }, { begin: [1, 2], size: [2, 3] })).toThrow(
      /outside x \[3,4\] on axis 1/,
    );
    x.dispose();
  });
});
