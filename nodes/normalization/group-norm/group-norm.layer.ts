// GroupNorm (Wu & He 2018): x [b, ...spatial, c], channels split into g groups of c/g; mean and
// (biased) variance per sample and group over the spatial axes and the group's channels;
// then per-channel gamma, beta [c].
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { createChannelNormLayer } from '../channel-norm-layer';

export interface GroupNormParams {
  groups: number;
  eps: number;
}

export const groupNormForward = (
  tf: TF,
  x: Tensor,
  gamma: Tensor,
  beta: Tensor,
  groups: number,
  eps: number,
): Tensor => {
  const shape = x.shape;
  const b = shape[0] as number;
  const c = shape[shape.length - 1] as number;
  const grouped = tf.reshape(x, [b, -1, groups, c / groups]);
  const { mean, variance } = tf.moments(grouped, [1, 3], true);
  const normed = tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, eps)));
  return tf.add(tf.mul(tf.reshape(normed, shape), gamma), beta);
};

export const createGroupNormLayer = (
  tf: TF,
  params: GroupNormParams,
  ctx: BuildContext,
): NodeLayer =>
  createChannelNormLayer(tf, ctx, {
    id: 'normalization/group-norm',
    beta: true,
    refuse: (c) =>
      c % params.groups === 0
        ? undefined
        : `the channel count ${c} is not divisible by ${params.groups} groups`,
    forward: (x, gamma, beta) =>
      groupNormForward(tf, x, gamma, beta as Tensor, params.groups, params.eps),
  });
