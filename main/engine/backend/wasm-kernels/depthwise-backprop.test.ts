import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { TensorInfo } from '@tensorflow/tfjs';
import { initBackend } from '../select-backend';
import { depthwiseBackpropFilter } from './depthwise-backprop.kernel';
import { WasmOps, type WasmBackendLike } from './wasm-ops';
import { capturedStockKernels } from './register-wasm-kernels';

// The depthwise backprops run on native kernels through aliases of their own buffers: every
// case must hand back exactly one new tensor and free everything else, and the dy views that
// start before a channel's row must read the zeros they rely on, not leftover heap contents.
const cases = [
  { n: 3, h: 9, w: 8, c: 6, m: 1, k: 3, s: 1 },
  { n: 2, h: 11, w: 10, c: 4, m: 2, k: 3, s: 2 },
  { n: 2, h: 8, w: 8, c: 5, m: 3, k: 5, s: 3 },
];

describe('wasm depthwise backprops', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm' });
  });

  it.each(cases)('free all their scratch tensors %o', (c) => {
    const x = tf.randomUniform([c.n, c.h, c.w, c.c], -1, 1, 'float32', 1);
    const f = tf.randomUniform([c.k, c.k, c.c, c.m], -1, 1, 'float32', 2);
    const y = tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.s, 'same');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const ids = backend.numDataIds();
    const attrs = { strides: [c.s, c.s], pad: 'same', dilations: [1, 1], dataFormat: 'NHWC' };
    for (let i = 0; i < 3; i++) {
      const dw = tf
        .engine()
        .runKernel(
          'DepthwiseConv2dNativeBackpropFilter',
          { x, dy: y },
          { ...attrs, filterShape: f.shape },
        ) as tf.Tensor;
      const dx = tf
        .engine()
        .runKernel(
          'DepthwiseConv2dNativeBackpropInput',
          { dy: y, filter: f },
          { ...attrs, inputShape: x.shape },
        ) as tf.Tensor;
      expect(dw.shape).toEqual(f.shape);
      expect(dx.shape).toEqual(x.shape);
      expect(backend.numDataIds()).toBe(ids + 2);
      tf.dispose([dw, dx]);
    }
    expect(backend.numDataIds()).toBe(ids);
    tf.dispose([x, f, y]);
  });

  it('gives the same dW when every scratch buffer starts as NaN (the zero lead is written, not assumed)', () => {
    const x = tf.randomUniform([2, 9, 9, 4], -1, 1, 'float32', 3);
    const dy = tf.randomUniform([2, 9, 9, 4], -1, 1, 'float32', 4);
    const attrs = {
      strides: [1, 1],
      pad: 'same',
      dilations: [1, 1],
      dataFormat: 'NHWC',
      filterShape: [3, 3, 4, 1],
    };
    class NaNScratch extends WasmOps {
      override alloc(shape: number[], zero = false): TensorInfo {
        const t = super.alloc(shape, zero);
        if (!zero) this.view(t).fill(Number.NaN);
        return t;
      }
    }
    const backend = tf.backend() as unknown as WasmBackendLike;
    const ops = new NaNScratch(backend, capturedStockKernels());
    const mine = tf.engine().makeTensorFromTensorInfo(depthwiseBackpropFilter(ops, x, dy, attrs));
    const ref = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs);
    const got = Array.from(mine.dataSync());
    expect(got.every(Number.isFinite)).toBe(true);
    expect(got).toEqual(Array.from((ref as tf.Tensor).dataSync()));
    tf.dispose([x, dy, mine, ref as tf.Tensor]);
  });
});
