// Mean absolute error: mean(|prediction - target|) over every element.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';

export interface L1Params {
  weight: number;
}

export const createL1Layer = (tf: TF, params: L1Params, _ctx?: BuildContext): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const p = inputs.prediction;
    const t = inputs.target;
    if (!p || !t) throw new Error('loss/l1 needs prediction and target.');
    return { loss: tf.mul(tf.mean(tf.abs(tf.sub(p, t))), params.weight) };
  },
});
