// RMSNorm over the last axis (Zhang & Sennrich 2019): y = x / sqrt(mean(x^2) + eps) * gamma,
// the mean square over the last axis c; no centring, no bias; gamma [c].
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { onesVar } from '../../shared/init';

export interface RmsNormParams {
  eps: number;
}

export const rmsNormForward = (tf: TF, x: Tensor, gamma: Tensor, eps: number): Tensor =>
  tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))), gamma);

export const createRmsNormLayer = (tf: TF, params: RmsNormParams, ctx: BuildContext): NodeLayer => {
  const x = ctx.inputs['x'];
  const c = x?.kind === 'tensor' ? x.shape[x.shape.length - 1] : undefined;
  if (typeof c !== 'number')
    throw new Error(`normalization/rms-norm ${ctx.nodeId}: the channel count is unknown.`);
  const weights: Record<string, Variable> = { gamma: onesVar(tf, [c]) };
  return {
    weights,
    apply: (inputs) => {
      const input = inputs['x'];
      if (!input) throw new Error('normalization/rms-norm needs x.');
      return { y: rmsNormForward(tf, input, weights['gamma'] as Variable, params.eps) };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
