// Multi-head linear attention (Katharopoulos et al. 2020): the softmax node's projections and
// ports, with softmax(q k^T) replaced by the feature map phi(x) = elu(x) + 1.
// b batch, n query tokens, m key tokens, d model dim, h heads, e head dim (d = h * e)
import type {
  TF,
  Tensor,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { dense, mergeHeads, splitHeads, withLazyOutput } from '../attention-ops';
import {
  eluFeatureMap,
  linearAttention,
  linearAttentionMap,
  maskFeatureKeys,
} from '../linear-attention-ops';
import {
  createAttentionWeights,
  type AttentionExtras,
  type AttentionWeights,
} from '../multi-head-attention/multi-head-attention.layer';
import { concreteDim } from '../shape-helpers';

export interface LinearAttentionParams {
  heads: number;
  causal: boolean;
}

/**
 * y = Concat(head_1..head_h) W_o with head_i = LinearAttention(x W_q^i, c W_k^i, c W_v^i), c = context
 * or x. `attention()` gives the implicit attention matrix [b, h, n, m] (quadratic cost: call only for
 * previews).
 */
export const multiHeadLinearAttention = (
  tf: TF,
  w: AttentionWeights,
  x: Tensor,
  heads: number,
  causal: boolean,
  extras: AttentionExtras = {},
): { y: Tensor; attention: () => Tensor } => {
  const [b = 1, n = 1] = x.shape;
  const source = extras.context ?? x;
  const m = source.shape[1] ?? 1;
  const fq = eluFeatureMap(tf, splitHeads(tf, dense(tf, x, w.wq, w.bq), heads));
  const phiK = eluFeatureMap(tf, splitHeads(tf, dense(tf, source, w.wk, w.bk), heads));
  const fk = extras.keyMask ? maskFeatureKeys(tf, phiK, extras.keyMask, heads) : phiK;
  const v = splitHeads(tf, dense(tf, source, w.wv, w.bv), heads);
  const out = linearAttention(tf, fq, fk, v, causal);
  return {
    y: dense(tf, mergeHeads(tf, out, heads), w.wo, w.bo),
    attention: () => tf.reshape(linearAttentionMap(tf, fq, fk, causal), [b, heads, n, m]),
  };
};

export const createLinearAttentionLayer = (
  tf: TF,
  params: LinearAttentionParams,
  ctx: BuildContext,
): NodeLayer => {
  const d = concreteDim(ctx.inputs['x'], 2, 'Linear attention model dim');
  const kvDim =
    ctx.inputs['context'] === undefined
      ? d
      : concreteDim(ctx.inputs['context'], 2, 'Linear attention context width');
  const weights = createAttentionWeights(tf, d, ctx.seed, 0.02, kvDim);
  return {
    weights: { ...weights },
    apply(inputs) {
      const { y, attention } = multiHeadLinearAttention(
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
      // The map costs O(N x M): computed only when something reads it (a preview).
      return withLazyOutput({ y }, 'attention', attention);
    },
  };
};
