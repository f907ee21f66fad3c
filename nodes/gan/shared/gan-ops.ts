// Building blocks shared by the GAN node layers: seeded initialisers, activations whose
// second derivatives tfjs computes correctly, batch normalisation with batch statistics.
// b batch, h w spatial, c channels (NHWC); f features.
import type { TF, Tensor, Variable } from '../../../core/node-contract/node-definition';

/** Glorot-uniform weights (Glorot & Bengio 2010): U(-a, a), a = sqrt(6 / (fanIn + fanOut)). */
export const glorotVariable = (
  tf: TF,
  shape: number[],
  fanIn: number,
  fanOut: number,
  seed: number,
): Variable => {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return tf.tidy(() => tf.variable(tf.randomUniform(shape, -a, a, 'float32', seed), true));
};

/** DCGAN's initialiser (Radford et al. 2016): N(0, 0.02). */
export const normalVariable = (tf: TF, shape: number[], std: number, seed: number): Variable =>
  tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed), true));

export const zerosVariable = (tf: TF, shape: number[]): Variable =>
  tf.tidy(() => tf.variable(tf.zeros(shape), true));
export const onesVariable = (tf: TF, shape: number[]): Variable =>
  tf.tidy(() => tf.variable(tf.ones(shape), true));

export const ACTIVATIONS = ['relu', 'leaky-relu', 'softplus'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/**
 * Activations for critics. 'leaky-relu' is written as relu(x) - a*relu(-x): tf.leakyRelu's
 * gradient has no gradient itself (tfjs throws on 'Greater'), while relu's second derivative
 * is correct (see /work/shared/notes/tfjs-gradients.md), so this form works inside a
 * gradient penalty. tanh and sigmoid are not offered: their second derivatives are wrong.
 */
export const activate = (tf: TF, x: Tensor, act: string, leak = 0.2): Tensor => {
  switch (act) {
    case 'relu':
      return tf.relu(x);
    case 'softplus':
      return tf.softplus(x);
    case 'leaky-relu':
      return tf.sub(tf.relu(x), tf.mul(leak, tf.relu(tf.neg(x))));
    default:
      throw new Error(`Unknown activation ${act}; use one of ${ACTIVATIONS.join(', ')}.`);
  }
};

/**
 * Batch normalisation over every axis but the last, with the batch's own statistics
 * (Ioffe & Szegedy 2015, Algorithm 1). The generator always uses batch statistics, as the
 * DCGAN reference code does while sampling in train mode.
 */
export const batchNorm = (tf: TF, x: Tensor, gamma: Tensor, beta: Tensor, eps = 1e-5): Tensor => {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), gamma), beta);
};

/** A concrete dim from a shape, or the fallback when it is symbolic. */
export const knownDim = (d: number | string | undefined, fallback: number): number =>
  typeof d === 'number' ? d : fallback;
