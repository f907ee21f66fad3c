// SimCLR-style augmentation of an image batch: random resized crop (resized back to the input size,
// or to `size`), horizontal flip, brightness shift and Gaussian noise, drawn per example from a
// generator seeded by (seed, step). Two Augment nodes with different seeds give the two views.
// b batch, h w spatial, c channels (NHWC).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { stepRandom } from '../shared/step-random';
import { planAugment, type AugmentParams } from './augment-plan';

/** One view of x [B, H, W, C] at `step`. Data only: no gradient is needed through it. */
export const augmentBatch = (tf: TF, x: Tensor, p: AugmentParams, step: number): Tensor => {
  const [b, h, w] = x.shape as [number, number, number, number];
  const plan = planAugment(stepRandom(p.seed, step), b, h, w, p);
  const size: [number, number] = p.size > 0 ? [p.size, p.size] : [h, w];
  const boxInd = Array.from({ length: b }, (_, i) => i);
  let y = tf.image.cropAndResize(x as never, plan.boxes, boxInd, size, 'bilinear') as Tensor;
  if (plan.flips.some((f) => f === 1)) {
    const m = tf.tensor4d(plan.flips, [b, 1, 1, 1]);
    y = tf.add(tf.mul(m, tf.reverse(y, 2)), tf.mul(tf.sub(1, m), y));
  }
  if (p.brightness > 0) y = tf.add(y, tf.tensor4d(plan.shifts, [b, 1, 1, 1]));
  if (p.noiseStd > 0)
    y = tf.add(y, tf.randomNormal(y.shape, 0, p.noiseStd, 'float32', plan.noiseSeed));
  return y;
};

export const createAugmentLayer = (
  tf: TF,
  params: AugmentParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs, ctx) => ({ view: augmentBatch(tf, inputs['x'] as Tensor, params, ctx.step) }),
});
