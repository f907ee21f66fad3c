// Learned absolute positions: y = x + P[0:N] for x [B, N, D], P a trained [maxLength, D] table.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { seedStream } from '../../shared/init';

export interface LearnedPositionsParams {
  maxLength: number;
}

export const createLearnedPositionsLayer = (
  tf: TF,
  params: LearnedPositionsParams,
  ctx: BuildContext,
): NodeLayer => {
  const x = ctx.inputs['x'];
  const d = x?.kind === 'tensor' ? x.shape[2] : undefined;
  if (typeof d !== 'number')
    throw new Error(`position/learned needs a known width D at build time (got ${String(d)}).`);
  const seeds = seedStream(ctx.seed);
  const table = tf.tidy(() =>
    tf.variable(tf.randomNormal([params.maxLength, d], 0, 0.02, 'float32', seeds.next()), true),
  );
  return {
    weights: { table },
    apply: (inputs) => {
      const xs = inputs['x'] as Tensor;
      const n = xs.shape[1] as number;
      if (n > params.maxLength)
        throw new Error(
          `position/learned: the sequence has ${n} tokens but maxLength is ${params.maxLength}.`,
        );
      return { y: tf.add(xs, tf.slice(table, [0, 0], [n, d])) };
    },
  };
};
