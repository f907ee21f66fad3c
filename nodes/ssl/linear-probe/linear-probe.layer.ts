// Linear probe: logits = h W + b on frozen features, softmax cross entropy against integer labels
// (multinomial logistic regression), and the batch accuracy. The one-hot product keeps the label
// pick differentiable on every backend (no gather gradient).
// b batch, f feature width, k classes.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { seedStream, zerosVar } from '../../shared/init';
import { initKernel } from '../../layers/kernel-init';

export interface LinearProbeParams {
  classes: number;
}

/** Mean cross entropy and accuracy of logits [B, K] against labels [B] (int32). */
export const softmaxCrossEntropy = (
  tf: TF,
  logits: Tensor,
  labels: Tensor,
): { loss: Tensor; accuracy: Tensor } => {
  const k = logits.shape[1] as number;
  const onehot = tf.oneHot(tf.cast(labels, 'int32') as never, k);
  const loss = tf.neg(tf.mean(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), 1)));
  const hit = tf.equal(tf.argMax(logits, 1), tf.cast(labels, 'int32'));
  return { loss, accuracy: tf.mean(tf.cast(hit, 'float32')) };
};

export const createLinearProbeLayer = (
  tf: TF,
  params: LinearProbeParams,
  ctx: BuildContext,
): NodeLayer => {
  const h = ctx.inputs['features'];
  const f = h?.kind === 'tensor' ? h.shape[h.shape.length - 1] : undefined;
  if (typeof f !== 'number')
    throw new Error(`ssl/linear-probe ${ctx.nodeId}: the feature width is unknown.`);
  const seeds = seedStream(ctx.seed);
  const weights: Record<string, Variable> = {
    kernel: initKernel(tf, 'glorot-uniform', [f, params.classes], f, params.classes, seeds),
    bias: zerosVar(tf, [params.classes]),
  };
  return {
    weights,
    apply: (inputs) => {
      const x = inputs['features'];
      const labels = inputs['labels'];
      if (!x || !labels) throw new Error('ssl/linear-probe needs features and labels.');
      const logits = tf.add(tf.matMul(x, weights['kernel'] as Variable), weights['bias']!);
      return { logits, ...softmaxCrossEntropy(tf, logits, labels) };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
