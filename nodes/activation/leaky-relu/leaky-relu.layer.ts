// LeakyReLU: y = x for x > 0, alpha * x otherwise; written relu(x) - alpha * relu(-x) because
// tf.leakyRelu's gradient has no gradient of its own (a gradient penalty would throw).
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { elementwiseLayer } from '../shared/elementwise-layer';

export interface LeakyReluParams {
  alpha: number;
}

export const createLeakyReluLayer = (
  tf: TF,
  params: LeakyReluParams,
  _ctx?: BuildContext,
): NodeLayer =>
  elementwiseLayer((x) => tf.sub(tf.relu(x), tf.mul(params.alpha, tf.relu(tf.neg(x)))));
