// Multi-head attention over a token sequence (Vaswani et al. 2017, sec. 3.2.2): self-attention, or
// cross-attention to a context sequence; optional causal mask and key-padding mask.
// b batch, n query tokens, m key tokens (m = n for self-attention), d model dim, dc context dim,
// h heads, e head dim (d = h * e)
import type {
  TF,
  Tensor,
  Variable,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import {
  causalMask,
  constWeight,
  dense,
  keyPaddingBias,
  mergeHeads,
  normalWeight,
  scaledDotAttention,
  splitHeads,
} from '../attention-ops';
import { concreteDim } from '../shape-helpers';

export interface MultiHeadAttentionParams {
  heads: number;
  causal: boolean;
}

export interface AttentionWeights {
  wq: Variable;
  wk: Variable;
  wv: Variable;
  wo: Variable;
  bq: Variable;
  bk: Variable;
  bv: Variable;
  bo: Variable;
}

/**
 * Creates the q, k, v and output projections for model dim d; the output projection scaled by outStd.
 * Keys and values are projected from width kvDim (the context's width for cross-attention).
 */
export const createAttentionWeights = (
  tf: TF,
  d: number,
  seed: number,
  outStd = 0.02,
  kvDim = d,
): AttentionWeights => ({
  wq: normalWeight(tf, [d, d], seed + 11),
  wk: normalWeight(tf, [kvDim, d], seed + 12),
  wv: normalWeight(tf, [kvDim, d], seed + 13),
  wo: normalWeight(tf, [d, d], seed + 14, outStd),
  bq: constWeight(tf, [d], 0),
  bk: constWeight(tf, [d], 0),
  bv: constWeight(tf, [d], 0),
  bo: constWeight(tf, [d], 0),
});

export interface AttentionExtras {
  /** Keys and values come from this [b, m, dc] sequence (cross-attention) instead of x. */
  context?: Tensor;
  /** [b, m] with 1 = keep, 0 = padding: padded keys get no attention. */
  keyMask?: Tensor;
}

/**
 * MultiHead(x) = Concat(head_1..head_h) W_o, head_i = Attention(x W_q^i, c W_k^i, c W_v^i) with
 * c = context or x. Returns y [b, n, d] and the attention weights [b, h, n, m].
 */
export const multiHeadAttention = (
  tf: TF,
  w: AttentionWeights,
  x: Tensor,
  heads: number,
  causal: boolean,
  extras: AttentionExtras = {},
): { y: Tensor; attention: Tensor } => {
  const [b = 1, n = 1] = x.shape;
  const source = extras.context ?? x;
  const m = source.shape[1] ?? 1;
  const q = splitHeads(tf, dense(tf, x, w.wq, w.bq), heads);
  const k = splitHeads(tf, dense(tf, source, w.wk, w.bk), heads);
  const v = splitHeads(tf, dense(tf, source, w.wv, w.bv), heads);
  const { out, weights } = scaledDotAttention(
    tf,
    q,
    k,
    v,
    causal ? causalMask(tf, n) : undefined,
    extras.keyMask ? { bias: keyPaddingBias(tf, extras.keyMask), heads } : undefined,
  );
  return {
    y: dense(tf, mergeHeads(tf, out, heads), w.wo, w.bo),
    attention: tf.reshape(weights, [b, heads, n, m]),
  };
};

export const createMultiHeadAttention = (
  tf: TF,
  params: MultiHeadAttentionParams,
  ctx: BuildContext,
): NodeLayer => {
  const d = concreteDim(ctx.inputs['x'], 2, 'Attention model dim');
  const kvDim =
    ctx.inputs['context'] === undefined
      ? d
      : concreteDim(ctx.inputs['context'], 2, 'Attention context width');
  const weights = createAttentionWeights(tf, d, ctx.seed, 0.02, kvDim);
  return {
    weights: { ...weights },
    apply(inputs) {
      const { y, attention } = multiHeadAttention(
        tf,
        weights,
        inputs['x'] as Tensor,
        params.heads,
        params.causal,
        {
          ...(inputs['context'] ? { context: inputs['context'] } : {}),
          ...(inputs['keyMask'] ? { keyMask: inputs['keyMask'] } : {}),
        },
      );
      return { y, attention };
    },
  };
};
