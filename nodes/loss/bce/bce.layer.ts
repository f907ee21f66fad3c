// Binary cross-entropy on logits, in the numerically stable form
// max(l, 0) - l * t + log(1 + exp(-|l|)), averaged over every element.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';

export interface BceParams {
  weight: number;
}

export const createBceLayer = (tf: TF, params: BceParams, _ctx?: BuildContext): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const l = inputs.logits;
    const t = inputs.target;
    if (!l || !t) throw new Error('loss/bce needs logits and target.');
    const perElement = tf.add(
      tf.sub(tf.relu(l), tf.mul(l, t)),
      tf.log1p(tf.exp(tf.neg(tf.abs(l)))),
    );
    return { loss: tf.mul(tf.mean(perElement), params.weight) };
  },
});
