import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, missingKernels, TESSERA_WASM_KERNELS } from './select-backend';
import { randomArray, relError, runOn } from './backend-test-utils';

type Pad =
  'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];
interface ConvCase {
  n: number;
  h: number;
  w: number;
  ci: number;
  co: number;
  k: number;
  s: number;
  pad: Pad;
}

// Odd sizes, strides 1-3, batch 1, kernels 1x1..5x5, Ci = 1 and >= 32.
const cases: ConvCase[] = [
  { n: 2, h: 7, w: 9, ci: 1, co: 4, k: 3, s: 1, pad: 'same' },
  { n: 1, h: 11, w: 10, ci: 3, co: 5, k: 5, s: 2, pad: 'same' },
  { n: 2, h: 9, w: 9, ci: 32, co: 8, k: 4, s: 2, pad: 'same' },
  { n: 1, h: 13, w: 12, ci: 33, co: 7, k: 5, s: 3, pad: 'valid' },
  { n: 3, h: 6, w: 5, ci: 8, co: 6, k: 1, s: 1, pad: 'valid' },
  {
    n: 2,
    h: 10,
    w: 7,
    ci: 5,
    co: 3,
    k: 3,
    s: 2,
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  },
  { n: 1, h: 8, w: 8, ci: 2, co: 3, k: 2, s: 3, pad: 'same' },
  { n: 2, h: 5, w: 6, ci: 40, co: 16, k: 3, s: 1, pad: 'valid' },
  { n: 2, h: 8, w: 7, ci: 6, co: 5, k: 2, s: 3, pad: 'same' }, // s > K: phases without taps
  { n: 1, h: 9, w: 9, ci: 8, co: 4, k: 1, s: 2, pad: 'valid' },
  { n: 2, h: 9, w: 11, ci: 32, co: 16, k: 5, s: 2, pad: 'same' }, // per-phase dX (s does not divide K)
];

const TOL = 1e-4;

async function both(fn: () => tf.Tensor | tf.Tensor[]): Promise<number> {
  const w = await runOn(tf, 'wasm', fn);
  const c = await runOn(tf, 'cpu', fn);
  return Math.max(...w.map((a, i) => relError(a, c[i] as Float32Array)));
}

describe('wasm training kernels vs cpu', () => {
  beforeAll(async () => {
    const { info } = await initBackend({ backend: 'wasm' });
    expect(info.name).toBe('wasm');
  });

  it('registers every kernel training needs', () => {
    expect(missingKernels('wasm', TESSERA_WASM_KERNELS)).toEqual([]);
    expect(missingKernels('wasm', ['Conv2DBackpropFilter', 'NoSuchKernel'])).toEqual([
      'NoSuchKernel',
    ]);
  });

  it.each(cases)('conv2d gradients %o', async (c) => {
    const xs = randomArray(c.n * c.h * c.w * c.ci, 1);
    const ws = randomArray(c.k * c.k * c.ci * c.co, 2);
    const err = await both(() => {
      const x = tf.tensor4d(xs, [c.n, c.h, c.w, c.ci]);
      const f = tf.tensor4d(ws, [c.k, c.k, c.ci, c.co]);
      const y = tf.conv2d(x, f, c.s, c.pad);
      const dy = tf.tensor(randomArray(y.size, 3), y.shape);
      const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)
          .mul(dy)
          .sum(),
      );
      return g([x, f]);
    });
    expect(err).toBeLessThan(TOL);
  });

  it.each(cases.filter((c) => c.pad !== 'valid' || c.s === 1))(
    'conv2dTranspose forward and gradients %o',
    async (c) => {
      // conv2dTranspose(y, f, xShape) is Conv2DBackpropInput; its gradients are Conv2D and Conv2DBackpropFilter.
      const err = await both(() => {
        const xShape: [number, number, number, number] = [c.n, c.h, c.w, c.ci];
        const probe = tf.conv2d(
          tf.zeros(xShape) as tf.Tensor4D,
          tf.zeros([c.k, c.k, c.ci, c.co]) as tf.Tensor4D,
          c.s,
          c.pad,
        );
        const y = tf.tensor(randomArray(probe.size, 4), probe.shape) as tf.Tensor4D;
        const f = tf.tensor4d(randomArray(c.k * c.k * c.ci * c.co, 5), [c.k, c.k, c.ci, c.co]);
        const out = tf.conv2dTranspose(y, f, xShape, c.s, c.pad);
        const dOut = tf.tensor(randomArray(out.size, 6), out.shape);
        const g = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf
            .conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, xShape, c.s, c.pad)
            .mul(dOut)
            .sum(),
        );
        return [out, ...g([y, f])];
      });
      expect(err).toBeLessThan(TOL);
    },
  );

  it.each([
    { h: 7, w: 6, c: 3, m: 1, k: 3, s: 1, pad: 'same' as const },
    { h: 9, w: 8, c: 4, m: 2, k: 3, s: 2, pad: 'same' as const },
    { h: 8, w: 9, c: 32, m: 1, k: 5, s: 3, pad: 'valid' as const },
    { h: 9, w: 7, c: 32, m: 1, k: 4, s: 1, pad: 'same' as const },
    { h: 6, w: 7, c: 5, m: 1, k: 2, s: 1, pad: 'valid' as const },
    { h: 9, w: 9, c: 3, m: 3, k: 3, s: 1, pad: 'same' as const },
    { h: 15, w: 15, c: 16, m: 1, k: 3, s: 2, pad: 'same' as const },
    { h: 11, w: 10, c: 6, m: 3, k: 3, s: 2, pad: 'valid' as const },
  ])('depthwiseConv2d gradients %o', async (c) => {
    const err = await both(() => {
      const x = tf.tensor4d(randomArray(2 * c.h * c.w * c.c, 7), [2, c.h, c.w, c.c]);
      const f = tf.tensor4d(randomArray(c.k * c.k * c.c * c.m, 8), [c.k, c.k, c.c, c.m]);
      const y = tf.depthwiseConv2d(x, f, c.s, c.pad);
      const dy = tf.tensor(randomArray(y.size, 9), y.shape);
      return tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf
          .depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad)
          .mul(dy)
          .sum(),
      )([x, f]);
    });
    expect(err).toBeLessThan(TOL);
  });

  it.each([
    { a: [5, 7], b: [7, 3], ta: false, tb: false },
    { a: [7, 5], b: [7, 3], ta: true, tb: false },
    { a: [5, 7], b: [3, 7], ta: false, tb: true },
    { a: [7, 5], b: [3, 7], ta: true, tb: true },
    { a: [4, 7, 5], b: [4, 3, 7], ta: true, tb: true },
    { a: [2, 3, 5, 6], b: [2, 3, 6, 4], ta: false, tb: false },
    { a: [3, 70, 40], b: [3, 50, 70], ta: true, tb: true }, // per-batch XNNPACK path
    // Per-batch with a's batches off 16-byte boundaries (49 x 49 floats): the aligned copy.
    { a: [5, 49, 49], b: [5, 49, 16], ta: false, tb: false },
    { a: [3, 49, 49], b: [3, 16, 49], ta: true, tb: true },
    // Narrow M, wide N (a dense layer's weight gradient), plain and batch-1 rank 3.
    { a: [300, 20], b: [300, 200], ta: true, tb: false },
    { a: [20, 300], b: [300, 200], ta: false, tb: false },
    { a: [1, 20, 300], b: [1, 200, 300], ta: false, tb: true },
  ])('matMul with transposes and its gradients %o', async (c) => {
    const err = await both(() => {
      const a = tf.tensor(
        randomArray(
          c.a.reduce((p, q) => p * q, 1),
          10,
        ),
        c.a,
      );
      const b = tf.tensor(
        randomArray(
          c.b.reduce((p, q) => p * q, 1),
          11,
        ),
        c.b,
      );
      const f = (x: tf.Tensor, y: tf.Tensor): tf.Tensor => tf.matMul(x, y, c.ta, c.tb);
      const out = f(a, b);
      const dOut = tf.tensor(randomArray(out.size, 12), out.shape);
      return [out, ...tf.grads((x: tf.Tensor, y: tf.Tensor) => f(x, y).mul(dOut).sum())([a, b])];
    });
    expect(err).toBeLessThan(TOL);
  });

  it('matMul with one side unbatched (folded rows, broadcast a)', async () => {
    // tfjs's own BatchMatMul gradient cannot reduce b's broadcast batch, so check forward and dA.
    const err = await both(() => {
      const a = tf.tensor3d(randomArray(4 * 5 * 7, 16), [4, 5, 7]);
      const b = tf.tensor2d(randomArray(3 * 7, 17), [3, 7]);
      const out = tf.matMul(a, b, false, true);
      const dOut = tf.tensor(randomArray(out.size, 18), out.shape);
      const big = tf.matMul(
        tf.tensor2d(randomArray(40 * 70, 19), [40, 70]),
        tf.tensor3d(randomArray(3 * 70 * 50, 20), [3, 70, 50]),
      );
      return [out, big, tf.grad((x: tf.Tensor) => tf.matMul(x, b, false, true).mul(dOut).sum())(a)];
    });
    expect(err).toBeLessThan(TOL);
  });

  it('gather gradient (UnsortedSegmentSum) with repeated and unused indices', async () => {
    const err = await both(() => {
      const table = tf.tensor2d(randomArray(10 * 6, 13), [10, 6]);
      const idx = tf.tensor1d([3, 1, 3, 9, 0, 3, 7], 'int32');
      const dy = tf.tensor2d(randomArray(7 * 6, 14), [7, 6]);
      const g = tf.grad((t: tf.Tensor) => tf.gather(t, idx).mul(dy).sum())(table);
      const seg = tf.unsortedSegmentSum(dy, tf.tensor1d([2, 0, 2, 4, 1, 1, 3], 'int32'), 5);
      return [g, seg];
    });
    expect(err).toBeLessThan(TOL);
  });

  it('tile', async () => {
    const err = await both(() => {
      const x = tf.tensor3d(randomArray(2 * 3 * 4, 15), [2, 3, 4]);
      const xi = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
      return [
        tf.tile(x, [2, 1, 3]),
        tf.tile(x, [1, 4, 1]),
        tf.tile(xi, [3, 2]).toFloat(),
        tf.tile(tf.tensor1d([1, 2]), [5]),
      ];
    });
    expect(err).toBeLessThan(TOL);
  });

  it('transpose of rank 5-6 (attention heads), with size-1 dims, int32 and non-contiguous inner axes', async () => {
    const err = await both(() => {
      const x5 = tf.tensor(randomArray(4 * 6 * 3 * 2 * 5, 21), [4, 6, 3, 2, 5]);
      const x6 = tf.tensor(randomArray(2 * 3 * 1 * 4 * 2 * 3, 22), [2, 3, 1, 4, 2, 3]);
      const xi = tf.tensor(
        Int32Array.from({ length: 2 * 3 * 4 * 5 * 2 }, (_, i) => i),
        [2, 3, 4, 5, 2],
        'int32',
      );
      const g = tf.grad((t: tf.Tensor) =>
        tf
          .transpose(t, [2, 0, 3, 1, 4])
          .mul(tf.range(0, 720).reshape([3, 4, 2, 6, 5]))
          .sum(),
      )(x5);
      return [
        tf.transpose(x5, [2, 0, 3, 1, 4]),
        tf.transpose(x5, [4, 3, 2, 1, 0]),
        tf.transpose(x5, [0, 1, 3, 2, 4]),
        tf.transpose(x6, [5, 3, 0, 2, 4, 1]),
        tf.transpose(x6, [1, 0, 2, 3, 5, 4]),
        tf.transpose(xi, [3, 1, 4, 0, 2]).toFloat(),
        g,
      ];
    });
    expect(err).toBe(0);
  });

  it('dilated depthwise dX (direct kernel call) equals dX of the zero-inserted filter', async () => {
    // tfjs gradients refuse dilation and the cpu kernel ignores it, so the reference is the
    // gradient of a stride-1 depthwise conv whose 3x3 filter is spread to 5x5 with zeros.
    const dyData = randomArray(2 * 9 * 8 * 6, 24),
      fData = randomArray(3 * 3 * 6, 25);
    const [mine] = await runOn(tf, 'wasm', () => {
      const dy = tf.tensor4d(dyData, [2, 9, 8, 6]);
      const f = tf.tensor4d(fData, [3, 3, 6, 1]);
      return tf
        .engine()
        .runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy, filter: f },
          { strides: [1, 1], pad: 'same', dilations: [2, 2], inputShape: [2, 9, 8, 6] },
        ) as tf.Tensor;
    });
    const [ref] = await runOn(tf, 'cpu', () => {
      const dy = tf.tensor4d(dyData, [2, 9, 8, 6]);
      const spread = new Float32Array(5 * 5 * 6);
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++)
          for (let c = 0; c < 6; c++)
            spread[(2 * a * 5 + 2 * b) * 6 + c] = fData[(a * 3 + b) * 6 + c] as number;
      const f5 = tf.tensor4d(spread, [5, 5, 6, 1]);
      const x = tf.zeros([2, 9, 8, 6]);
      return tf.grad((t: tf.Tensor) =>
        tf
          .depthwiseConv2d(t as tf.Tensor4D, f5, 1, 'same')
          .mul(dy)
          .sum(),
      )(x);
    });
    expect(relError(mine as Float32Array, ref as Float32Array)).toBeLessThan(TOL);
  });

  it.each([
    { s: 1, m: 1 },
    { s: 2, m: 2 },
  ])(
    'dilated depthwise dW %o (direct kernel call) equals dW of the zero-inserted filter at its taps',
    async ({ s, m }) => {
      // The reference: the cpu gradient of the 5x5 filter that spreads a 3x3 one with zeros
      // (dilation 2), read at the 3x3 taps. Same padding: 5x5 'same' pads 2, as dilated 3x3 does.
      const xData = randomArray(2 * 9 * 8 * 6, 26);
      const oh = Math.ceil(9 / s),
        ow = Math.ceil(8 / s);
      const dyData = randomArray(2 * oh * ow * 6 * m, 27);
      const [mine] = await runOn(tf, 'wasm', () => {
        const x = tf.tensor4d(xData, [2, 9, 8, 6]);
        const dy = tf.tensor4d(dyData, [2, oh, ow, 6 * m]);
        return tf
          .engine()
          .runKernel(
            'DepthwiseConv2dNativeBackpropFilter',
            { x, dy },
            { strides: [s, s], pad: 'same', dilations: [2, 2], filterShape: [3, 3, 6, m] },
          ) as tf.Tensor;
      });
      const [ref5] = await runOn(tf, 'cpu', () => {
        const x = tf.tensor4d(xData, [2, 9, 8, 6]);
        const dy = tf.tensor4d(dyData, [2, oh, ow, 6 * m]);
        return tf.grad((f: tf.Tensor) =>
          tf
            .depthwiseConv2d(x, f as tf.Tensor4D, s, 'same')
            .mul(dy)
            .sum(),
        )(tf.zeros([5, 5, 6, m]));
      });
      const ref = new Float32Array(3 * 3 * 6 * m);
      const r5 = ref5 as Float32Array;
      for (let a = 0; a < 3; a++)
        for (let b = 0; b < 3; b++)
          ref.set(
            r5.subarray((2 * a * 5 + 2 * b) * 6 * m, (2 * a * 5 + 2 * b + 1) * 6 * m),
            (a * 3 + b) * 6 * m,
          );
      expect(relError(mine as Float32Array, ref)).toBeLessThan(TOL);
    },
  );

  it('throws a clear error for dilated transposed convs instead of a wrong answer', async () => {
    await tf.setBackend('wasm');
    const dy = tf.zeros([1, 4, 4, 2]);
    const f = tf.zeros([3, 3, 1, 2]);
    expect(() =>
      tf
        .engine()
        .runKernel(
          'Conv2DBackpropInput',
          { dy, filter: f },
          { inputShape: [1, 4, 4, 1], strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 2 },
        ),
    ).toThrow(/Conv2DBackpropInput.*dilations/);
    tf.dispose([dy, f]);
  });

  it('initBackend is idempotent and reports why', async () => {
    const a = await initBackend();
    const b = await initBackend();
    expect(a.info.name).toBe('wasm');
    expect(b.info.reason).toMatch(/tfjs-node not installed/);
    await expect(initBackend({ backend: 'tensorflow' })).rejects.toThrow(/tfjs-node not installed/);
    expect(tf.getBackend()).toBe('wasm');
  });
});
