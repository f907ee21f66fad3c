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
  const cg = c / groups;
  // Statistics per (sample, group) as the mean over the spatial axis of [b, n, c] (a reduction
  // over a leading axis, whose gradient broadcasts over n only), then over each group's channels
  // in a small [b, groups, c/g]; spread back to one value per channel [b, 1, c], so that every
  // full-size op broadcasts over the spatial axis of [b, n, c] only. Centring
  // [b, n, groups, c/g] by [b, 1, groups, 1] directly gives the same values but is several
  // times slower on wasm (an index per element in the stock broadcast).
  const flat = tf.reshape(x, [b, -1, c]);
  const groupMean = (t: Tensor): Tensor =>
    tf.mean(tf.reshape(tf.mean(t, 1), [b, groups, cg]), 2, true);
  const perChannel = (t: Tensor): Tensor => tf.reshape(tf.mul(t, tf.ones([1, 1, cg])), [b, 1, c]);
  const centered = tf.sub(flat, perChannel(groupMean(flat)));
  const variance = groupMean(tf.square(centered));
  const scale = tf.mul(perChannel(tf.rsqrt(tf.add(variance, eps))), gamma);
  return tf.reshape(tf.add(tf.mul(centered, scale), beta), shape);
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
