// LayerNorm over the last axis (Ba, Kiros, Hinton 2016): y = (x - mean) / sqrt(var + eps) * gamma + beta,
// mean and (biased) var taken over the last axis c of each vector; gamma, beta [c].
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { createChannelNormLayer } from '../channel-norm-layer';

export interface LayerNormParams {
  eps: number;
}

export const layerNormForward = (
  tf: TF,
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  eps: number,
): Tensor => {
  const { mean, variance } = tf.moments(x, -1, true);
  const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(normed, gamma), beta);
};

export const createLayerNormLayer = (
  tf: TF,
  params: LayerNormParams,
  ctx: BuildContext,
): NodeLayer =>
  createChannelNormLayer(tf, ctx, {
    id: 'normalization/layer-norm',
    beta: true,
    forward: (x, gamma, beta) => layerNormForward(tf, x, gamma, beta as Tensor, params.eps),
  });
