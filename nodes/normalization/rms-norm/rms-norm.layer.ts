// RMSNorm over the last axis (Zhang & Sennrich 2019): y = x / sqrt(mean(x^2) + eps) * gamma,
// the mean square over the last axis c; no centring, no bias; gamma [c].
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { createChannelNormLayer } from '../channel-norm-layer';

export interface RmsNormParams {
  eps: number;
}

export const rmsNormForward = (tf: TF, x: Tensor, gamma: Tensor, eps: number): Tensor =>
  tf.mul(tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), -1, true), eps))), gamma);

export const createRmsNormLayer = (tf: TF, params: RmsNormParams, ctx: BuildContext): NodeLayer =>
  createChannelNormLayer(tf, ctx, {
    id: 'normalization/rms-norm',
    beta: false,
    forward: (x, gamma) => rmsNormForward(tf, x, gamma, params.eps),
  });
