import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { conv2dNode } from './conv2d.node';
import { conv2dForward, createConv2dLayer, type Conv2dParams } from './conv2d.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base: Conv2dParams = {
  filters: 2,
  kernel: 3,
  stride: 1,
  padding: 'same',
  dilation: 1,
  bias: true,
  init: 'glorot-uniform',
};
const make = (cin: number, p: Partial<Conv2dParams> = {}) =>
  createConv2dLayer(
    tf,
    { ...base, ...p },
    buildCtx({ x: tensorType('float32', ['B', 'H', 'W', cin]) }),
  );

type Arr4 = number[][][][];
/** Naive NHWC convolution with TensorFlow's padding rule (pad_top = floor(total / 2)). */
const referenceConv = (x: Arr4, k: Arr4, bias: number[], s: number, pad: string, d: number) => {
  const [h, w, cin] = [x[0]!.length, x[0]![0]!.length, x[0]![0]![0]!.length];
  const kk = k.length;
  const f = k[0]![0]![0]!.length;
  const span = d * (kk - 1) + 1;
  const outSize = (n: number) =>
    pad === 'same' ? Math.ceil(n / s) : Math.floor((n - span) / s) + 1;
  const [oh, ow] = [outSize(h), outSize(w)];
  const padTop = pad === 'same' ? Math.floor(Math.max((oh - 1) * s + span - h, 0) / 2) : 0;
  const padLeft = pad === 'same' ? Math.floor(Math.max((ow - 1) * s + span - w, 0) / 2) : 0;
  return x.map((img) =>
    Array.from({ length: oh }, (_, i) =>
      Array.from({ length: ow }, (_, j) =>
        Array.from({ length: f }, (_, o) => {
          let sum = bias[o]!;
          for (let u = 0; u < kk; u++)
            for (let v = 0; v < kk; v++) {
              const [r, c] = [i * s + u * d - padTop, j * s + v * d - padLeft];
              if (r < 0 || r >= h || c < 0 || c >= w) continue;
              for (let ci = 0; ci < cin; ci++) sum += img[r]![c]![ci]! * k[u]![v]![ci]![o]!;
            }
          return sum;
        }),
      ),
    ),
  );
};

describe('layers/conv2d', () => {
  it('infers same/valid sizes, keeping B symbolic', () => {
    const x = tensorType('float32', ['B', 28, 28, 1]);
    expect(infer(conv2dNode, { x }, { filters: 8, stride: 2 }).outputs.y).toEqual(
      tensorType('float32', ['B', 14, 14, 8]),
    );
    expect(
      infer(conv2dNode, { x: tensorType('float32', ['B', 7, 7, 1]) }, { stride: 2 }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 4, 4, 32]));
    expect(infer(conv2dNode, { x }, { kernel: 5, padding: 'valid', stride: 2 }).outputs.y).toEqual(
      tensorType('float32', ['B', 12, 12, 32]),
    );
    expect(
      infer(conv2dNode, { x }, { kernel: 3, padding: 'valid', dilation: 2 }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 24, 24, 32]));
    expect(
      infer(conv2dNode, { x: tensorType('float32', ['B', 'H', 'W', 3]) }, { stride: 2 }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 'H/2', 'W/2', 32]));
    expect(
      infer(conv2dNode, { x: tensorType('float32', ['B', 'H', 'W', 3]) }, { padding: 'valid' })
        .outputs.y,
    ).toEqual(tensorType('float32', ['B', 'H-2', 'W-2', 32]));
  });

  it('reports stride with dilation, a too-small input, an unknown Cin and a wrong rank', () => {
    const x = tensorType('float32', ['B', 28, 28, 1]);
    const sd = infer(conv2dNode, { x }, { stride: 2, dilation: 2 });
    expect(sd.outputs.y).toBeUndefined();
    expect(sd.diagnostics[0]?.message).toMatch(
      /stride 2 together with dilation 2.*set stride to 1/,
    );
    const small = infer(
      conv2dNode,
      { x: tensorType('float32', ['B', 4, 8, 1]) },
      { kernel: 5, padding: 'valid' },
    );
    expect(small.diagnostics.map((d) => d.message)).toEqual([
      expect.stringMatching(/output height would be 0.*use padding same/),
    ]);
    const c = infer(conv2dNode, { x: tensorType('float32', ['B', 8, 8, 'C']) });
    expect(c.diagnostics[0]).toMatchObject({ severity: 'error', port: 'x' });
    expect(c.diagnostics[0]?.message).toMatch(/known Cin/);
    const r = infer(conv2dNode, { x: tensorType('float32', ['B', 8, 8]) });
    expect(r.diagnostics[0]?.message).toMatch(/rank 4 \(\[B, H, W, Cin\]\) but got rank 3/);
    expect(infer(conv2dNode, {}).diagnostics[0]?.port).toBe('x');
  });

  it('counts k*k*Cin*filters + filters parameters', () => {
    expect(countParams(make(3, { filters: 8 }).weights)).toBe(3 * 3 * 3 * 8 + 8);
    expect(countParams(make(3, { filters: 8, kernel: 1, bias: false }).weights)).toBe(24);
  });

  it('computes a hand-checked 1-channel valid convolution', () => {
    const layer = make(1, { filters: 1, kernel: 2, padding: 'valid' });
    layer.weights.kernel!.assign(tf.tensor4d([1, 2, 3, 4], [2, 2, 1, 1]));
    layer.weights.bias!.assign(tf.tensor1d([0.5]));
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const y = layer.apply({ x }, applyCtx()).y!;
    // [1 2; 4 5].[1 2; 3 4] = 1+4+12+20 = 37, then 47, 67, 77; + 0.5.
    expect(Array.from(y.dataSync())).toEqual([37.5, 47.5, 67.5, 77.5]);
  });

  for (const p of [
    { padding: 'same', stride: 1, dilation: 1 },
    { padding: 'same', stride: 2, dilation: 1 },
    { padding: 'valid', stride: 2, dilation: 1 },
    { padding: 'same', stride: 1, dilation: 2 },
    { padding: 'valid', stride: 1, dilation: 2 },
  ])
    it(`matches a naive NHWC convolution (${JSON.stringify(p)})`, () => {
      const layer = make(3, { ...p, filters: 4 });
      layer.weights.bias!.assign(tf.tensor1d([0.1, -0.2, 0.3, 0]));
      const x = tf.randomNormal([2, 7, 6, 3], 0, 1, 'float32', 11);
      const y = layer.apply({ x }, applyCtx()).y!;
      const ref = referenceConv(
        x.arraySync() as Arr4,
        layer.weights.kernel!.arraySync() as Arr4,
        [0.1, -0.2, 0.3, 0],
        p.stride,
        p.padding,
        p.dilation,
      );
      const inferred = infer(
        conv2dNode,
        { x: tensorType('float32', ['B', 7, 6, 3]) },
        { ...p, filters: 4 },
      ).outputs.y;
      expect(inferred).toEqual(tensorType('float32', ['B', ...y.shape.slice(1)]));
      expect(tf.max(tf.abs(tf.sub(y, tf.tensor(ref)))).dataSync()[0]).toBeLessThan(1e-5);
    });

  it('has correct gradients for x and for the kernel (stride 2)', () => {
    const p = { stride: 2, padding: 'same', dilation: 1 };
    const layer = make(2, { ...p, filters: 3 });
    const x = tf.randomNormal([1, 5, 5, 2], 0, 1, 'float32', 2);
    const r = tf.randomNormal([1, 3, 3, 3], 0, 1, 'float32', 8);
    const gx = gradientCheck(tf, (a) => tf.sum(tf.mul(layer.apply({ x: a }, applyCtx()).y!, r)), x);
    expect(gx.maxError).toBeLessThan(1e-2);
    const bias = layer.weights.bias!;
    const gk = gradientCheck(
      tf,
      (k) => tf.sum(tf.mul(conv2dForward(tf, x, k, bias, p), r)),
      layer.weights.kernel!,
    );
    expect(gk.maxError).toBeLessThan(1e-2);
  });

  it('trains with dilation > 1 (tfjs has no such gradient; the dilated kernel runs as a plain one)', () => {
    for (const padding of ['same', 'valid']) {
      const p = { stride: 1, padding, dilation: 2 };
      const layer = make(2, { ...p, filters: 3 });
      const x = tf.randomNormal([1, 7, 7, 2], 0, 1, 'float32', 4);
      const out = layer.apply({ x }, applyCtx()).y!;
      // Forward agrees with tf's own dilated conv.
      const direct = tf.conv2d(
        x as tf.Tensor4D,
        layer.weights.kernel as tf.Tensor4D,
        1,
        padding as 'same',
        'NHWC',
        2,
      );
      expect(
        tf.max(tf.abs(tf.sub(tf.sub(out, layer.weights.bias!), direct))).dataSync()[0],
      ).toBeLessThan(1e-5);
      const r = tf.randomNormal(out.shape, 0, 1, 'float32', 9);
      const gx = gradientCheck(
        tf,
        (a) => tf.sum(tf.mul(layer.apply({ x: a }, applyCtx()).y!, r)),
        x,
      );
      expect(gx.maxError).toBeLessThan(1e-2);
      const gk = gradientCheck(
        tf,
        (k) => tf.sum(tf.mul(conv2dForward(tf, x, k, layer.weights.bias, p), r)),
        layer.weights.kernel!,
      );
      expect(gk.maxError).toBeLessThan(1e-2);
    }
  });
});
