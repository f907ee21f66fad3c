// BatchNorm (Ioffe & Szegedy 2015) over every axis but the last: x [b, ..., c], statistics [c].
// y = (x - mean) / sqrt(var + eps) * gamma + beta, with
//   training (or useRunningStats 'always-batch'): the batch mean and biased variance;
//   otherwise: the running estimates in `state`.
// Running statistics follow PyTorch: running = (1 - momentum) * running + momentum * batch, the
// variance term being the unbiased batch variance (n / (n - 1), n = elements per channel).
// They are updated once per training step, outside the gradient tape: apply() stashes tf.keep()'d
// copies of the last training batch's moments; afterStep() (run by the trainer after the optimizer
// step, outside tf.variableGrads) folds them into the running statistics and frees the stash.
import type {
  ApplyContext,
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { onesVar, zerosVar } from '../../shared/init';

export interface BatchNormParams {
  momentum: number;
  eps: number;
  useRunningStats: string;
}

/** (x - mean) / sqrt(variance + eps) * gamma + beta, all statistics broadcast on the last axis. */
export const batchNormForward = (
  tf: TF,
  x: Tensor,
  mean: Tensor,
  variance: Tensor,
  gamma: Tensor,
  beta: Tensor,
  eps: number,
): Tensor => tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, eps))), gamma), beta);

/** Batch mean and biased variance per channel (over all axes but the last), each [c]. */
export const batchMoments = (tf: TF, x: Tensor): { mean: Tensor; variance: Tensor } =>
  tf.moments(
    x,
    Array.from({ length: x.rank - 1 }, (_, i) => i),
    false,
  );

export const createBatchNormLayer = (
  tf: TF,
  params: BatchNormParams,
  ctx: BuildContext,
): NodeLayer => {
  const x = ctx.inputs['x'];
  const c = x?.kind === 'tensor' ? x.shape[x.shape.length - 1] : undefined;
  if (typeof c !== 'number')
    throw new Error(`normalization/batch-norm ${ctx.nodeId}: the channel count is unknown.`);
  const weights: Record<string, Variable> = { gamma: onesVar(tf, [c]), beta: zerosVar(tf, [c]) };
  const state: Record<string, Variable> = {
    runningMean: zerosVar(tf, [c], false),
    runningVar: onesVar(tf, [c], false),
  };
  let stash: { mean: Tensor; variance: Tensor; count: number } | undefined;
  const dropStash = (): void => {
    if (stash) tf.dispose([stash.mean, stash.variance]);
    stash = undefined;
  };

  const apply = (
    inputs: Record<string, Tensor | undefined>,
    actx: ApplyContext,
  ): Record<string, Tensor> => {
    const input = inputs['x'];
    if (!input) throw new Error('normalization/batch-norm needs x.');
    const gamma = weights['gamma'] as Variable;
    const beta = weights['beta'] as Variable;
    if (!actx.training && params.useRunningStats !== 'always-batch')
      return {
        y: batchNormForward(
          tf,
          input,
          state['runningMean'] as Variable,
          state['runningVar'] as Variable,
          gamma,
          beta,
          params.eps,
        ),
      };
    const { mean, variance } = batchMoments(tf, input);
    if (actx.training) {
      // Clones, so that the tape's own mean/variance stay untouched when an older stash is freed.
      dropStash();
      stash = {
        mean: tf.keep(tf.clone(mean)),
        variance: tf.keep(tf.clone(variance)),
        count: input.size / c,
      };
    }
    return { y: batchNormForward(tf, input, mean, variance, gamma, beta, params.eps) };
  };

  const afterStep = (): void => {
    const s = stash;
    if (!s) return;
    const m = params.momentum;
    const unbiased = s.count > 1 ? s.count / (s.count - 1) : 1;
    const runningMean = state['runningMean'] as Variable;
    const runningVar = state['runningVar'] as Variable;
    tf.tidy(() => {
      runningMean.assign(tf.add(tf.mul(runningMean, 1 - m), tf.mul(s.mean, m)));
      runningVar.assign(tf.add(tf.mul(runningVar, 1 - m), tf.mul(s.variance, m * unbiased)));
    });
    dropStash();
  };

  return {
    weights,
    state,
    apply,
    afterStep,
    preview: () => ({
      runningMean: Array.from((state['runningMean'] as Variable).dataSync()),
      runningVar: Array.from((state['runningVar'] as Variable).dataSync()),
    }),
    dispose: () => {
      dropStash();
      tf.dispose([...Object.values(weights), ...Object.values(state)]);
    },
  };
};
