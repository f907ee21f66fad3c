// Condition dropout for classifier-free guidance training (Ho & Salimans 2022, Algorithm 1):
// while training, y_b = null if u_b < p else c_b, u_b ~ U[0, 1) from the trainer's rng, per example;
// y = c at eval; a padding mask, when given, becomes all ones on the replaced rows. Written as y = c (1 - m) + null m with m [B, 1, ...], so the gradient reaches the
// null embedding only through the replaced rows and the condition only through the kept ones.
// b batch, ... the per-example shape of the condition (the shape of the 'null' weight).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { zerosVar } from '../../shared/init';
import type { ConditionDropoutParams } from './condition-dropout.params';

export const createConditionDropoutLayer = (
  tf: TF,
  params: ConditionDropoutParams,
  ctx: BuildContext,
): NodeLayer => {
  const c = ctx.inputs.condition;
  const row = c && c.kind === 'tensor' ? c.shape.slice(1) : [];
  if (!row.every((d): d is number => typeof d === 'number'))
    throw new Error(
      `Condition Dropout ${ctx.nodeId}: the condition's per-example shape must be known (got ${row.join(' x ')}).`,
    );
  const weights = { null: zerosVar(tf, row as number[]) };
  return {
    weights,
    apply: (inputs, actx) => {
      const cond = inputs.condition as Tensor;
      const keyMask = inputs.mask;
      const nul = tf.add(tf.zerosLike(cond), weights.null);
      if (!actx.training || params.p <= 0)
        return { y: cond, null: nul, ...(keyMask ? { mask: keyMask } : {}) };
      const b = cond.shape[0] ?? 1;
      const m = Float32Array.from({ length: b }, () => (actx.rng.next() < params.p ? 1 : 0));
      const mask = tf.tensor(m, [b, ...cond.shape.slice(1).map(() => 1)]);
      const y = tf.add(tf.mul(cond, tf.sub(1, mask)), tf.mul(weights.null, mask));
      if (!keyMask) return { y, null: nul };
      // Replaced rows attend to the whole null sequence: their mask becomes all ones.
      const rows = tf.tensor(m, [b, ...keyMask.shape.slice(1).map(() => 1)]);
      return { y, null: nul, mask: tf.add(tf.mul(keyMask, tf.sub(1, rows)), rows) };
    },
  };
};
