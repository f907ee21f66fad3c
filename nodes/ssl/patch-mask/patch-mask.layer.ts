// Random patch masking (MAE, BEiT): the image is cut into p x p patches and round(ratio * patches)
// of them, chosen per example by a generator seeded by (seed, step), are set to `fill`. Also gives
// the pixel mask (1 on masked pixels), which the masked reconstruction loss reads.
// b batch, h w spatial, c channels (NHWC); gh = h / p, gw = w / p patches per side.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { permutation } from '../../shared/seeded-random';
import { stepRandom } from '../shared/step-random';

export interface PatchMaskParams {
  patch: number;
  ratio: number;
  fill: number;
  seed: number;
}

/** Per example, which of the gh * gw patches are masked (1) — exactly round(ratio * gh * gw). */
export const patchMaskPlan = (
  p: PatchMaskParams,
  step: number,
  count: number,
  patches: number,
): number[] => {
  const next = stepRandom(p.seed, step);
  const masked = Math.round(p.ratio * patches);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = new Array<number>(patches).fill(0);
    for (const j of permutation(next, patches).slice(0, masked)) row[j] = 1;
    out.push(...row);
  }
  return out;
};

/** x [B, H, W, C] -> masked image and pixel mask [B, H, W, 1]. Data only. */
export const maskPatches = (
  tf: TF,
  x: Tensor,
  p: PatchMaskParams,
  step: number,
): { masked: Tensor; mask: Tensor } => {
  const [b, h, w] = x.shape as [number, number, number, number];
  const gh = h / p.patch;
  const gw = w / p.patch;
  const grid = tf.tensor4d(patchMaskPlan(p, step, b, gh * gw), [b, gh, gw, 1]);
  // Each patch cell becomes p x p pixels (nearest-neighbour upsampling is exactly that).
  const mask = tf.image.resizeNearestNeighbor(grid as never, [h, w]) as Tensor;
  const masked = tf.add(tf.mul(x, tf.sub(1, mask)), tf.mul(mask, p.fill));
  return { masked, mask };
};

export const createPatchMaskLayer = (
  tf: TF,
  params: PatchMaskParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs, ctx) => maskPatches(tf, inputs['x'] as Tensor, params, ctx.step),
});
