// Mean squared error: mean((prediction - target)^2) over every element.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';

export interface MseParams {
  weight: number;
}

export const createMseLayer = (tf: TF, params: MseParams, _ctx?: BuildContext): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const p = inputs.prediction;
    const t = inputs.target;
    if (!p || !t) throw new Error('loss/mse needs prediction and target.');
    return { loss: tf.mul(tf.mean(tf.squaredDifference(p, t)), params.weight) };
  },
});
