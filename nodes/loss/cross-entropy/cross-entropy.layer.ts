// Softmax cross-entropy with integer class labels: logits [..., K], labels [...] int32 -> scalar.
// loss = w * mean over positions of -log softmax(logits)[label], written with logSoftmax and a
// one-hot product so that every backend has its gradient (no gather on the tape).
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';

export interface CrossEntropyParams {
  weight: number;
  labelSmoothing: number;
}

export const createCrossEntropyLayer = (
  tf: TF,
  params: CrossEntropyParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const logits = inputs.logits;
    const labels = inputs.labels;
    if (!logits || !labels) throw new Error('loss/cross-entropy needs logits and labels.');
    const k = logits.shape[logits.shape.length - 1] ?? 1;
    const eps = params.labelSmoothing;
    // Target distribution: (1 - eps) one-hot + eps / K (Szegedy et al. 2016, sec. 7).
    const hot = tf.oneHot(tf.cast(tf.reshape(labels, [-1]), 'int32'), k);
    const target = eps > 0 ? tf.add(tf.mul(hot, 1 - eps), eps / k) : hot;
    const logp = tf.logSoftmax(tf.reshape(logits, [-1, k]));
    const nll = tf.neg(tf.sum(tf.mul(target, logp), -1));
    return { loss: tf.mul(tf.mean(nll), params.weight) };
  },
});
