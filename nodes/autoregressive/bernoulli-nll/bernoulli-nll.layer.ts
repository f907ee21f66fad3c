// Bernoulli negative log-likelihood in nats per image, from per-pixel logits.
// b batch, h w spatial, c channels (NHWC); d = h*w*c.
//   -log p(x) = sum_i [ softplus(l_i) - x_i l_i ]  =  sum_i [ max(l_i, 0) - x_i l_i + log(1 + exp(-|l_i|)) ]
// For an autoregressive model, l_i = logit p(x_i = 1 | x_<i), so this is the exact NLL (chain rule).
import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';

/** Per-example NLL (nats): [b]. */
export const bernoulliNllPerExample = (
  tf: TF,
  logits: tfjs.Tensor,
  target: tfjs.Tensor,
): tfjs.Tensor1D => {
  const b = logits.shape[0] as number;
  const l = tf.reshape(logits, [b, -1]);
  const t = tf.reshape(target, [b, -1]);
  const elem = tf.add(tf.sub(tf.relu(l), tf.mul(l, t)), tf.log1p(tf.exp(tf.neg(tf.abs(l)))));
  return tf.sum(elem, 1) as tfjs.Tensor1D;
};

export const createBernoulliNllLayer = (
  tf: TF,
  _params: Record<string, never>,
  ctx: BuildContext,
): NodeLayer => ({
  weights: {},
  apply(inputs) {
    const { logits, target } = inputs;
    if (!logits || !target)
      throw new Error(`Bernoulli NLL ${ctx.nodeId}: connect logits and target.`);
    const per = bernoulliNllPerExample(tf, logits, target);
    return { loss: tf.mean(per), perExample: per };
  },
});
