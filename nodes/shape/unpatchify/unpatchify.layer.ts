// Tokens [B, (H/p)*(W/p), p*p*C] -> image [B, H, W, C]: the exact inverse of Patchify
// (same patch element order: row, column, channel). Rank-4 reshape + transpose only.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface UnpatchifyParams {
  patch: number;
  height: number;
  width: number;
}

/** The grid (rows, columns of patches) for N tokens: from height/width, or square when height = 0. */
export const patchGrid = (n: number, params: UnpatchifyParams): { rows: number; cols: number } => {
  if (params.height === 0) {
    const g = Math.round(Math.sqrt(n));
    return { rows: g, cols: g };
  }
  return { rows: params.height / params.patch, cols: params.width / params.patch };
};

export const unpatchify = (
  tf: TF,
  tokens: Tensor,
  p: number,
  rows: number,
  cols: number,
): Tensor => {
  const [b, , f] = tokens.shape as [number, number, number];
  const c = f / (p * p);
  const t = tf.reshape(tokens, [b * rows, cols, p, p * c]);
  return tf.reshape(tf.transpose(t, [0, 2, 1, 3]), [b, rows * p, cols * p, c]);
};

export const createUnpatchifyLayer = (
  tf: TF,
  params: UnpatchifyParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const tokens = inputs['tokens'] as Tensor;
    const { rows, cols } = patchGrid(tokens.shape[1] as number, params);
    return { image: unpatchify(tf, tokens, params.patch, rows, cols) };
  },
});
