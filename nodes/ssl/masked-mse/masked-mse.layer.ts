// MSE on the masked pixels only (MAE's loss): sum(mask * (prediction - target)^2) over
// (sum(mask) * C); the visible pixels contribute nothing, not even to the gradient.
// b batch, h w spatial, c channels (NHWC); mask [B, H, W, 1] broadcasts over C.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface MaskedMseParams {
  weight: number;
}

export const maskedMse = (tf: TF, p: Tensor, t: Tensor, mask: Tensor): Tensor => {
  const c = p.shape[p.rank - 1] as number;
  const err = tf.mul(tf.squaredDifference(p, t), mask);
  const count = tf.maximum(tf.mul(tf.sum(mask), c / (mask.shape[mask.rank - 1] as number)), 1);
  return tf.div(tf.sum(err), count);
};

export const createMaskedMseLayer = (
  tf: TF,
  params: MaskedMseParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const { prediction, target, mask } = inputs;
    if (!prediction || !target || !mask)
      throw new Error('ssl/masked-mse needs prediction, target and mask.');
    return { loss: tf.mul(maskedMse(tf, prediction, target, mask), params.weight) };
  },
});
