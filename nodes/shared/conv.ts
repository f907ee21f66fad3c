// NHWC convolution building blocks shared by the conv encoder and decoder layers.
// h w spatial, ci input channels, co output channels, k kernel size.
import type { TF, Tensor, Variable } from '../../core/node-contract/node-definition';
import { heNormal, zerosVar, type SeedStream } from './init';

export interface ConvUnit {
  weights: Record<string, Variable>;
  apply(x: Tensor): Tensor;
}

/** k x k conv, 'same' padding, with bias; kernel [k, k, ci, co], He-normal. */
export const conv2dUnit = (
  tf: TF,
  name: string,
  ci: number,
  co: number,
  k: number,
  stride: number,
  seeds: SeedStream,
): ConvUnit => {
  const kernel = heNormal(tf, [k, k, ci, co], k * k * ci, seeds);
  const bias = zerosVar(tf, [co]);
  return {
    weights: { [`${name}.kernel`]: kernel, [`${name}.bias`]: bias },
    apply: (x) => tf.add(tf.conv2d(x as never, kernel as never, stride, 'same'), bias),
  };
};

/** Transposed conv that multiplies h and w by `stride`; kernel [k, k, co, ci]. */
export const conv2dTransposeUnit = (
  tf: TF,
  name: string,
  ci: number,
  co: number,
  k: number,
  stride: number,
  seeds: SeedStream,
): ConvUnit => {
  const kernel = heNormal(tf, [k, k, co, ci], k * k * ci, seeds);
  const bias = zerosVar(tf, [co]);
  return {
    weights: { [`${name}.kernel`]: kernel, [`${name}.bias`]: bias },
    apply: (x) => {
      const [b, h, w] = x.shape as number[];
      const out = tf.conv2dTranspose(
        x as never,
        kernel as never,
        [b ?? 1, (h ?? 1) * stride, (w ?? 1) * stride, co],
        stride,
        'same',
      );
      return tf.add(out, bias);
    },
  };
};

/**
 * Residual block of the VQ-VAE paper (van den Oord et al. 2017, sec. 4.1):
 * x + conv1x1(relu(conv3x3(relu(x)))), the hidden width being `hidden`.
 */
export const residualUnit = (
  tf: TF,
  name: string,
  c: number,
  hidden: number,
  seeds: SeedStream,
): ConvUnit => {
  const a = conv2dUnit(tf, `${name}.conv3`, c, hidden, 3, 1, seeds);
  const b = conv2dUnit(tf, `${name}.conv1`, hidden, c, 1, 1, seeds);
  return {
    weights: { ...a.weights, ...b.weights },
    apply: (x) => tf.add(x, b.apply(tf.relu(a.apply(tf.relu(x))))),
  };
};

/** Parameter count of conv2dUnit / conv2dTransposeUnit. */
export const convParamCount = (ci: number, co: number, k: number): number => k * k * ci * co + co;
export const residualParamCount = (c: number, hidden: number): number =>
  convParamCount(c, hidden, 3) + convParamCount(hidden, c, 1);
