// Inverted dropout: while training, zero each element with probability `rate` and scale the
// rest by 1 / (1 - rate), so the expected value is unchanged; identity otherwise. The mask is
// drawn from a seed taken from the trainer's rng, so a run and its resume drop the same units.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface DropoutParams {
  rate: number;
}

export const createDropoutLayer = (
  tf: TF,
  params: DropoutParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs, ctx) => {
    const x = inputs['x'] as Tensor;
    if (!ctx.training || params.rate <= 0) return { y: x };
    const u = tf.randomUniform(x.shape, 0, 1, 'float32', ctx.rng.seed());
    const keep = tf.cast(tf.greaterEqual(u, params.rate), 'float32');
    return { y: tf.mul(x, tf.mul(keep, 1 / (1 - params.rate))) };
  },
});
