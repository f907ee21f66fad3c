// Masked 2-D convolution of PixelCNN (van den Oord et al. 2016, section 3.5, figure 1),
// computed over the unmasked taps only. b batch, h w spatial, ci/co channels (NHWC); t taps.
// Mask A (first layer) lets pixel (r, c) see rows above and pixels to its left; mask B
// (later layers) also lets it see its own position. Single-channel images: no colour groups.
//
// Weights hold only the t allowed taps ([t, ci, co]), so masked weights do not exist at all.
// Two equal computations (checked against each other and against conv2d in masked-conv.test.ts):
// on the cpu backend, shifted copies of the padded input times a [t*ci, co] matrix, whose
// gradient needs only pad/slice/concat/matMul (the stock cpu Conv2DBackpropFilter runs at
// ~0.007 GFLOP/s); elsewhere conv2d with the taps scattered into a full kernel.
import type * as tfjs from '@tensorflow/tfjs';
import type { TF } from '../../../core/node-contract/node-definition';

export type MaskType = 'A' | 'B';

/** [dy, dx] offsets (dy <= 0) of the taps a k x k kernel keeps under the mask, in raster order. */
export const maskedTaps = (k: number, type: MaskType): [number, number][] => {
  const p = Math.floor(k / 2);
  const taps: [number, number][] = [];
  for (let dy = -p; dy <= 0; dy++)
    for (let dx = -p; dx <= p; dx++) {
      if (dy === 0 && (dx > 0 || (dx === 0 && type === 'A'))) continue;
      taps.push([dy, dx]);
    }
  return taps;
};

/** The full k x k 0/1 mask (row-major), for previews and for checking against conv2d. */
export const fullMask = (k: number, type: MaskType): number[] => {
  const p = Math.floor(k / 2);
  const m = new Array<number>(k * k).fill(0);
  for (const [dy, dx] of maskedTaps(k, type)) m[(dy + p) * k + (dx + p)] = 1;
  return m;
};

/**
 * y[b, r, c, :] = sum over taps (dy, dx) of x[b, r+dy, c+dx, :] @ kernel[tap]  (zero outside the image).
 * kernel: [t, ci, co]; bias: [co]. On the pure-JS cpu backend the taps are shifted copies
 * multiplied by one matrix (see maskedConv2dByTaps); elsewhere (wasm with Tessera's kernels,
 * tfjs-node) conv2d with the taps scattered into a full k x k kernel is about 2x faster.
 */
export const maskedConv2d = (
  tf: TF,
  x: tfjs.Tensor4D,
  kernel: tfjs.Tensor,
  bias: tfjs.Tensor,
  taps: readonly [number, number][],
  via: 'auto' | 'taps' | 'conv2d' = 'auto',
): tfjs.Tensor4D => {
  const useConv = via === 'conv2d' || (via === 'auto' && tf.getBackend() !== 'cpu');
  return useConv
    ? maskedConv2dByConv(tf, x, kernel, bias, taps)
    : maskedConv2dByTaps(tf, x, kernel, bias, taps);
};

const tapRadius = (taps: readonly [number, number][]): number =>
  Math.max(0, ...taps.map(([dy, dx]) => Math.max(-dy, Math.abs(dx))));

/** conv2d over the full k x k kernel: full = S @ taps, S a fixed 0/1 scatter matrix [k*k, t]. */
export const maskedConv2dByConv = (
  tf: TF,
  x: tfjs.Tensor4D,
  kernel: tfjs.Tensor,
  bias: tfjs.Tensor,
  taps: readonly [number, number][],
): tfjs.Tensor4D => {
  const p = tapRadius(taps);
  const k = 2 * p + 1;
  const [t, ci, co] = kernel.shape as [number, number, number];
  const scatter = new Float32Array(k * k * t);
  taps.forEach(([dy, dx], i) => (scatter[((dy + p) * k + (dx + p)) * t + i] = 1));
  const full = tf.reshape(
    tf.matMul(tf.tensor2d(scatter, [k * k, t]), tf.reshape(kernel, [t, ci * co])),
    [k, k, ci, co],
  );
  return tf.add(tf.conv2d(x, full as tfjs.Tensor4D, 1, 'same'), bias);
};

/** Shifted copies of the padded input, concatenated along channels, times a [t*ci, co] matrix. */
export const maskedConv2dByTaps = (
  tf: TF,
  x: tfjs.Tensor4D,
  kernel: tfjs.Tensor,
  bias: tfjs.Tensor,
  taps: readonly [number, number][],
): tfjs.Tensor4D => {
  const [b, h, w, ci] = x.shape;
  const p = tapRadius(taps);
  const padded = tf.pad(x, [
    [0, 0],
    [p, 0],
    [p, p],
    [0, 0],
  ]);
  const shifted = taps.map(([dy, dx]) => tf.slice(padded, [0, p + dy, p + dx, 0], [b, h, w, ci]));
  const cols = shifted.length === 1 ? (shifted[0] as tfjs.Tensor4D) : tf.concat(shifted, 3);
  const co = kernel.shape[2] as number;
  const y = tf.matMul(
    tf.reshape(cols, [b * h * w, taps.length * ci]),
    tf.reshape(kernel, [taps.length * ci, co]),
  );
  return tf.reshape(tf.add(y, bias), [b, h, w, co]);
};

/** A 1x1 convolution as a matrix product over the flattened pixels. kernel: [ci, co]. */
export const conv1x1 = (
  tf: TF,
  x: tfjs.Tensor4D,
  kernel: tfjs.Tensor,
  bias: tfjs.Tensor,
): tfjs.Tensor4D => {
  const [b, h, w, ci] = x.shape;
  const co = kernel.shape[1] as number;
  const y = tf.add(tf.matMul(tf.reshape(x, [b * h * w, ci]), kernel as tfjs.Tensor2D), bias);
  return tf.reshape(y, [b, h, w, co]);
};
