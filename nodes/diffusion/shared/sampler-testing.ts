// Test helpers for the diffusion samplers: handle types and fake denoiser handles.
import type * as tfjs from '@tensorflow/tfjs';
import type { ModelHandle, TF, Tensor } from '../../../core/node-contract/node-definition';
import { tensorType, type ModelHandleType } from '../../../core/shapes/tensor-type';

export const denoiserType = (
  h: number,
  w: number,
  c: number,
  opts: {
    condition?: number;
    tDtype?: 'int32' | 'float32';
    /** A caption condition: c [B, L, condition] and its padding mask [B, L]. */
    tokens?: number;
  } = {},
): ModelHandleType => ({
  kind: 'model',
  moduleId: 'unet',
  inputs: {
    x: tensorType('float32', ['B', h, w, c]),
    t: tensorType(opts.tDtype ?? 'int32', ['B']),
    ...(opts.condition !== undefined
      ? {
          c: tensorType(
            'float32',
            opts.tokens !== undefined ? ['B', opts.tokens, opts.condition] : ['B', opts.condition],
          ),
        }
      : {}),
    ...(opts.tokens !== undefined ? { mask: tensorType('float32', ['B', opts.tokens]) } : {}),
  },
  outputs: { eps: tensorType('float32', ['B', h, w, c]) },
});

/** abar_t per example as [N, 1, 1, 1], gathered from the table by the int32 t the sampler feeds. */
const abarOf = (tf: TF, alphaBar: Float64Array, t: Tensor): Tensor =>
  tf.reshape(tf.gather(tf.tensor1d(Float32Array.from(alphaBar)), t), [-1, 1, 1, 1]);

/**
 * The exact optimal noise predictor for data x0 ~ N(mu, s^2) per element:
 * eps*(x_t, t) = (x_t - sqrt(abar_t) mu) sqrt(1 - abar_t) / (abar_t s^2 + 1 - abar_t).
 * With `v`, the matching v* = sqrt(abar_t) eps* - sqrt(1 - abar_t) x0*.
 */
export const gaussianDenoiser = (
  tf: TF,
  alphaBar: Float64Array,
  mu: number,
  s: number,
  prediction: 'eps' | 'v' = 'eps',
): ModelHandle => ({
  moduleId: 'gaussian',
  call: ({ x, t }) => {
    const a = abarOf(tf, alphaBar, t as Tensor);
    const sa = tf.sqrt(a);
    const sn = tf.sqrt(tf.sub(1, a));
    const eps = tf.div(
      tf.mul(tf.sub(x as Tensor, tf.mul(sa, mu)), sn),
      tf.add(tf.mul(a, s * s), tf.sub(1, a)),
    );
    if (prediction === 'eps') return { eps };
    const x0 = tf.div(tf.sub(x as Tensor, tf.mul(sn, eps)), sa);
    return { eps: tf.sub(tf.mul(sa, eps), tf.mul(sn, x0)) };
  },
});

/** eps = 0.1 x + mean of the condition row (c [N, D]), broadcast over the image. */
export const conditionedOutput = (tf: TF, x: Tensor, c: Tensor): Tensor =>
  tf.add(tf.mul(x, 0.1), tf.reshape(tf.mean(c, 1), [-1, 1, 1, 1]));

export const conditionedDenoiser = (tf: TF): ModelHandle => ({
  moduleId: 'cond',
  call: ({ x, c }) => ({ eps: conditionedOutput(tf, x as Tensor, c as Tensor) }),
});

export const meanStd = (t: tfjs.Tensor): { mean: number; std: number } => {
  const v = Array.from(t.dataSync() as Float32Array);
  const mean = v.reduce((a, x) => a + x, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length) };
};
