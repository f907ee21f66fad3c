// LayerNorm over the last axis (Ba, Kiros, Hinton 2016): y = (x - mean) / sqrt(var + eps) * gamma + beta,
// mean and (biased) var taken over the last axis c of each vector; gamma, beta [c].
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { onesVar, zerosVar } from '../../shared/init';

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
): NodeLayer => {
  const x = ctx.inputs['x'];
  const c = x?.kind === 'tensor' ? x.shape[x.shape.length - 1] : undefined;
  if (typeof c !== 'number')
    throw new Error(`normalization/layer-norm ${ctx.nodeId}: the channel count is unknown.`);
  const weights: Record<string, Variable> = { gamma: onesVar(tf, [c]), beta: zerosVar(tf, [c]) };
  return {
    weights,
    apply: (inputs) => {
      const input = inputs['x'];
      if (!input) throw new Error('normalization/layer-norm needs x.');
      return {
        y: layerNormForward(
          tf,
          input,
          weights['gamma'] as Variable,
          weights['beta'] as Variable,
          params.eps,
        ),
      };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
