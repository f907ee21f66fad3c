// Gated Attention Unit (Hua et al. 2022, sec. 2): one head of relu^2 attention from a shared
// low-dimensional Z, gating an expanded value path. No residual (add it with an Add node).
// b batch, n tokens, d model dim, E = e*d expanded width, s shared query/key dim
import type {
  TF,
  Tensor,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import {
  createGauWeights,
  flattenGauWeights,
  gauOutput,
  gauProjections,
  keepColumns,
  reluSquaredAttention,
  type GauWeights,
} from '../gau-ops';
import { concreteDim } from '../shape-helpers';

export interface GatedAttentionUnitParams {
  expansion: number;
  s: number;
  causal: boolean;
}

/**
 * y = (U ⊙ A V) Wo, A = relu^2(Q K^T / n); returns y [b, n, d] and A as [b, 1, n, n]. keyMask
 * [b, n] (1 = keep, 0 = pad) zeroes the columns of padded keys.
 */
export const gatedAttentionUnit = (
  tf: TF,
  w: GauWeights,
  x: Tensor,
  causal: boolean,
  keyMask?: Tensor,
): { y: Tensor; attention: Tensor } => {
  const [b = 1, n = 1] = x.shape;
  const { u, v, maps } = gauProjections(tf, w, x);
  const keep = keyMask ? keepColumns(tf, keyMask) : undefined;
  const a = reluSquaredAttention(tf, maps['q']!, maps['k']!, causal, keep);
  return { y: gauOutput(tf, w, u, tf.matMul(a, v)), attention: tf.reshape(a, [b, 1, n, n]) };
};

export const createGatedAttentionUnitLayer = (
  tf: TF,
  params: GatedAttentionUnitParams,
  ctx: BuildContext,
): NodeLayer => {
  const d = concreteDim(ctx.inputs['x'], 2, 'GAU model dim');
  const w = createGauWeights(tf, d, params.expansion, params.s, ['q', 'k'], ctx.seed);
  return {
    weights: flattenGauWeights(w),
    apply(inputs) {
      const { y, attention } = gatedAttentionUnit(
        tf,
        w,
        inputs['x'] as Tensor,
        params.causal,
        inputs['keyMask'],
      );
      return { y, attention };
    },
  };
};
