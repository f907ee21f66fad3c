// Image [B, H, W, C] -> tokens [B, (H/p)*(W/p), p*p*C]; patches in row-major order, and within a
// patch (row, column, channel) with channels last, as ViT / MAE. Rank-4 reshape + transpose only.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface PatchifyParams {
  patch: number;
}

/** [B, H, W, C] -> [B, (H/p)(W/p), p*p*C]. */
export const patchify = (tf: TF, x: Tensor, p: number): Tensor => {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const gh = h / p;
  const gw = w / p;
  // [B*gh, p(row in patch), gw, p*C (column in patch, channel)] -> swap the middle axes.
  const rows = tf.reshape(x, [b * gh, p, gw, p * c]);
  return tf.reshape(tf.transpose(rows, [0, 2, 1, 3]), [b, gh * gw, p * p * c]);
};

export const createPatchifyLayer = (
  tf: TF,
  params: PatchifyParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => ({ tokens: patchify(tf, inputs['image'] as Tensor, params.patch) }),
});
