// GroupNorm (Wu & He 2018): x [b, ...spatial, c], channels split into g groups of c/g; mean and
// (biased) variance per sample and group over the spatial axes and the group's channels;
// then per-channel gamma, beta [c].
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { onesVar, zerosVar } from '../../shared/init';

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
): NodeLayer => {
  const x = ctx.inputs['x'];
  const c = x?.kind === 'tensor' ? x.shape[x.shape.length - 1] : undefined;
  if (typeof c !== 'number' || c % params.groups !== 0)
    throw new Error(
      `normalization/group-norm ${ctx.nodeId}: the channel count ${String(c)} is unknown or not divisible by ${params.groups} groups.`,
    );
  const weights: Record<string, Variable> = { gamma: onesVar(tf, [c]), beta: zerosVar(tf, [c]) };
  return {
    weights,
    apply: (inputs) => {
      const input = inputs['x'];
      if (!input) throw new Error('normalization/group-norm needs x.');
      return {
        y: groupNormForward(
          tf,
          input,
          weights['gamma'] as Variable,
          weights['beta'] as Variable,
          params.groups,
          params.eps,
        ),
      };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
