import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { convTranspose2dNode } from './conv-transpose2d.node';
import {
  convTranspose2dForward,
  createConvTranspose2dLayer,
  type ConvTranspose2dParams,
} from './conv-transpose2d.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const base: ConvTranspose2dParams = {
  filters: 2,
  kernel: 3,
  stride: 2,
  padding: 'same',
  bias: true,
  init: 'glorot-uniform',
};
const make = (cin: number, p: Partial<ConvTranspose2dParams> = {}) =>
  createConvTranspose2dLayer(
    tf,
    { ...base, ...p },
    buildCtx({ x: tensorType('float32', ['B', 'H', 'W', cin]) }),
  );

type Arr4 = number[][][][];
/**
 * Naive transposed convolution: each input pixel scatters x * K[u, v, f, c] to (s*i + u - pad),
 * pad being the top padding of the Conv2D whose gradient this is (TensorFlow: floor(total / 2)).
 */
const referenceConvTranspose = (x: Arr4, k: Arr4, bias: number[], s: number, pad: string) => {
  const [h, w, cin] = [x[0]!.length, x[0]![0]!.length, x[0]![0]![0]!.length];
  const kk = k.length;
  const f = k[0]![0]!.length;
  const out = (n: number) => (pad === 'same' ? n * s : (n - 1) * s + kk);
  const [oh, ow] = [out(h), out(w)];
  const padTop = pad === 'same' ? Math.floor(Math.max((h - 1) * s + kk - oh, 0) / 2) : 0;
  const padLeft = pad === 'same' ? Math.floor(Math.max((w - 1) * s + kk - ow, 0) / 2) : 0;
  return x.map((img) => {
    const y = Array.from({ length: oh }, () =>
      Array.from({ length: ow }, () => Array.from({ length: f }, (_, o) => bias[o]!)),
    );
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        for (let u = 0; u < kk; u++)
          for (let v = 0; v < kk; v++) {
            const [r, c] = [i * s + u - padTop, j * s + v - padLeft];
            if (r < 0 || r >= oh || c < 0 || c >= ow) continue;
            for (let o = 0; o < f; o++)
              for (let ci = 0; ci < cin; ci++)
                y[r]![c]![o]! += img[i]![j]![ci]! * k[u]![v]![o]![ci]!;
          }
    return y;
  });
};

describe('layers/conv-transpose2d', () => {
  it('infers H*s (same) and (H-1)*s+k (valid), keeping symbolic dims', () => {
    const x = tensorType('float32', ['B', 7, 7, 16]);
    expect(infer(convTranspose2dNode, { x }, { filters: 8 }).outputs.y).toEqual(
      tensorType('float32', ['B', 14, 14, 8]),
    );
    expect(
      infer(convTranspose2dNode, { x }, { padding: 'valid', kernel: 4, stride: 2 }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 16, 16, 32]));
    expect(
      infer(convTranspose2dNode, { x: tensorType('float32', ['B', 'H/4', 'W/4', 3]) }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 'H/2', 'W/2', 32]));
    expect(
      infer(
        convTranspose2dNode,
        { x: tensorType('float32', ['B', 'H', 'W', 3]) },
        { padding: 'valid', stride: 1, kernel: 3 },
      ).outputs.y,
    ).toEqual(tensorType('float32', ['B', 'H+2', 'W+2', 32]));
  });

  it('reports an unknown Cin and a wrong rank on x', () => {
    const c = infer(convTranspose2dNode, { x: tensorType('float32', ['B', 4, 4, 'C']) });
    expect(c.outputs.y).toBeUndefined();
    expect(c.diagnostics[0]).toMatchObject({ severity: 'error', port: 'x' });
    expect(c.diagnostics[0]?.message).toMatch(/known Cin/);
    const r = infer(convTranspose2dNode, { x: tensorType('float32', ['B', 16]) });
    expect(r.diagnostics[0]?.message).toMatch(/rank 4.*got rank 2.*reshape/);
  });

  it('has a [k, k, filters, Cin] kernel: k*k*filters*Cin + filters parameters', () => {
    const layer = make(3, { filters: 5, kernel: 4 });
    expect(layer.weights.kernel!.shape).toEqual([4, 4, 5, 3]);
    expect(countParams(layer.weights)).toBe(4 * 4 * 5 * 3 + 5);
  });

  it('scatters a hand-checked 2x2 input with a 2x2 kernel, stride 2, valid', () => {
    const layer = make(1, { filters: 1, kernel: 2, padding: 'valid', bias: false });
    layer.weights.kernel!.assign(tf.tensor4d([1, 10, 100, 1000], [2, 2, 1, 1]));
    const y = layer.apply({ x: tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]) }, applyCtx()).y!;
    expect(y.shape).toEqual([1, 4, 4, 1]);
    expect(Array.from(y.dataSync())).toEqual([
      1, 10, 2, 20, 100, 1000, 200, 2000, 3, 30, 4, 40, 300, 3000, 400, 4000,
    ]);
  });

  for (const p of [
    { padding: 'same', stride: 2, kernel: 3 },
    { padding: 'same', stride: 2, kernel: 4 },
    { padding: 'valid', stride: 2, kernel: 3 },
    { padding: 'same', stride: 1, kernel: 3 },
    { padding: 'valid', stride: 3, kernel: 2 },
  ])
    it(`matches a naive transposed convolution (${JSON.stringify(p)})`, () => {
      const layer = make(3, { ...p, filters: 2 });
      layer.weights.bias!.assign(tf.tensor1d([0.25, -0.5]));
      const x = tf.randomNormal([2, 3, 4, 3], 0, 1, 'float32', 12);
      const y = layer.apply({ x }, applyCtx()).y!;
      const ref = referenceConvTranspose(
        x.arraySync() as Arr4,
        layer.weights.kernel!.arraySync() as Arr4,
        [0.25, -0.5],
        p.stride,
        p.padding,
      );
      expect(
        infer(
          convTranspose2dNode,
          { x: tensorType('float32', ['B', 3, 4, 3]) },
          { ...p, filters: 2 },
        ).outputs.y,
      ).toEqual(tensorType('float32', ['B', ...y.shape.slice(1)]));
      expect(y.shape.slice(1)).toEqual(ref[0] ? [ref[0].length, ref[0][0]!.length, 2] : []);
      expect(tf.max(tf.abs(tf.sub(y, tf.tensor(ref)))).dataSync()[0]).toBeLessThan(1e-5);
    });

  it('has correct gradients for x and for the kernel', () => {
    const p = { stride: 2, padding: 'same' };
    const layer = make(2, { ...p, filters: 3, kernel: 3 });
    const x = tf.randomNormal([1, 3, 3, 2], 0, 1, 'float32', 4);
    const r = tf.randomNormal([1, 6, 6, 3], 0, 1, 'float32', 5);
    const gx = gradientCheck(tf, (a) => tf.sum(tf.mul(layer.apply({ x: a }, applyCtx()).y!, r)), x);
    expect(gx.maxError).toBeLessThan(1e-2);
    const gk = gradientCheck(
      tf,
      (k) => tf.sum(tf.mul(convTranspose2dForward(tf, x, k, layer.weights.bias, p), r)),
      layer.weights.kernel!,
    );
    expect(gk.maxError).toBeLessThan(1e-2);
  });
});
