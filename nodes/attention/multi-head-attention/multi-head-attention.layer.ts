// Multi-head self-attention over a token sequence, optionally causal (Vaswani et al. 2017, sec. 3.2.2).
// b batch, n tokens, d model dim, h heads, e head dim (d = h * e)
import type {
  TF,
  Tensor,
  Variable,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { causalMask, constWeight, dense, normalWeight, scaledDotAttention } from '../attention-ops';
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

/** Creates the q, k, v and output projections for model dim d; the output projection scaled by outStd. */
export const createAttentionWeights = (
  tf: TF,
  d: number,
  seed: number,
  outStd = 0.02,
): AttentionWeights => ({
  wq: normalWeight(tf, [d, d], seed + 11),
  wk: normalWeight(tf, [d, d], seed + 12),
  wv: normalWeight(tf, [d, d], seed + 13),
  wo: normalWeight(tf, [d, d], seed + 14, outStd),
  bq: constWeight(tf, [d], 0),
  bk: constWeight(tf, [d], 0),
  bv: constWeight(tf, [d], 0),
  bo: constWeight(tf, [d], 0),
});

/** [b, n, d] -> [b*h, n, e]: heads folded into the batch so one batched matMul serves them all. */
const splitHeads = (tf: TF, x: Tensor, heads: number): Tensor => {
  const [b = 1, n = 1, d = 1] = x.shape;
  const e = d / heads;
  return tf.reshape(tf.transpose(tf.reshape(x, [b, n, heads, e]), [0, 2, 1, 3]), [b * heads, n, e]);
};

/** MultiHead(x) = Concat(head_1..head_h) W_o, head_i = Attention(x W_q^i, x W_k^i, x W_v^i). */
export const multiHeadAttention = (
  tf: TF,
  w: AttentionWeights,
  x: Tensor,
  heads: number,
  causal: boolean,
): { y: Tensor; attention: Tensor } => {
  const [b = 1, n = 1, d = 1] = x.shape;
  const q = splitHeads(tf, dense(tf, x, w.wq, w.bq), heads);
  const k = splitHeads(tf, dense(tf, x, w.wk, w.bk), heads);
  const v = splitHeads(tf, dense(tf, x, w.wv, w.bv), heads);
  const { out, weights } = scaledDotAttention(tf, q, k, v, causal ? causalMask(tf, n) : undefined);
  const merged = tf.reshape(tf.transpose(tf.reshape(out, [b, heads, n, d / heads]), [0, 2, 1, 3]), [
    b,
    n,
    d,
  ]);
  return { y: dense(tf, merged, w.wo, w.bo), attention: tf.reshape(weights, [b, heads, n, n]) };
};

export const createMultiHeadAttention = (
  tf: TF,
  params: MultiHeadAttentionParams,
  ctx: BuildContext,
): NodeLayer => {
  const d = concreteDim(ctx.inputs['x'], 2, 'Attention model dim');
  const weights = createAttentionWeights(tf, d, ctx.seed);
  return {
    weights: { ...weights },
    apply(inputs) {
      const { y, attention } = multiHeadAttention(
        tf,
        weights,
        inputs['x'] as Tensor,
        params.heads,
        params.causal,
      );
      return { y, attention };
    },
  };
};
