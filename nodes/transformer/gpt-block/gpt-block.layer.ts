// One pre-LN GPT block (Radford et al. 2019): x += MHA(LN(x)) causal; x += MLP(LN(x)).
// b batch, n tokens, d model dim, r MLP expansion
import type {
  TF,
  Tensor,
  Variable,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { constWeight, dense, gelu, layerNorm, normalWeight } from '../../attention/attention-ops';
import {
  createAttentionWeights,
  multiHeadAttention,
  type AttentionWeights,
} from '../../attention/multi-head-attention/multi-head-attention.layer';
import { concreteDim } from '../../attention/shape-helpers';

export interface GptBlockParams {
  heads: number;
  mlpRatio: number;
}

export interface GptBlockWeights {
  ln1Gain: Variable;
  ln1Bias: Variable;
  attention: AttentionWeights;
  ln2Gain: Variable;
  ln2Bias: Variable;
  w1: Variable;
  b1: Variable;
  w2: Variable;
  b2: Variable;
}

/** GPT-2 init: residual output projections scaled by 1/sqrt(2 * layers). */
export const createGptBlockWeights = (
  tf: TF,
  d: number,
  mlpRatio: number,
  seed: number,
  layers = 1,
): GptBlockWeights => {
  const residualStd = 0.02 / Math.sqrt(2 * layers);
  return {
    ln1Gain: constWeight(tf, [d], 1),
    ln1Bias: constWeight(tf, [d], 0),
    attention: createAttentionWeights(tf, d, seed, residualStd),
    ln2Gain: constWeight(tf, [d], 1),
    ln2Bias: constWeight(tf, [d], 0),
    w1: normalWeight(tf, [d, mlpRatio * d], seed + 31),
    b1: constWeight(tf, [mlpRatio * d], 0),
    w2: normalWeight(tf, [mlpRatio * d, d], seed + 32, residualStd),
    b2: constWeight(tf, [d], 0),
  };
};

/** Flat, stable weight names for a block (prefix 'h0.' etc. inside a stack). */
export const flattenGptBlockWeights = (
  w: GptBlockWeights,
  prefix = '',
): Record<string, Variable> => {
  const out: Record<string, Variable> = {};
  for (const [k, v] of Object.entries(w)) {
    if (k === 'attention')
      for (const [ak, av] of Object.entries(v as AttentionWeights)) out[`${prefix}attn.${ak}`] = av;
    else out[`${prefix}${k}`] = v as Variable;
  }
  return out;
};

export const gptBlock = (
  tf: TF,
  w: GptBlockWeights,
  x: Tensor,
  heads: number,
): { y: Tensor; attention: Tensor } => {
  const attended = multiHeadAttention(
    tf,
    w.attention,
    layerNorm(tf, x, w.ln1Gain, w.ln1Bias),
    heads,
    true,
  );
  const h = tf.add(x, attended.y);
  const mlp = dense(
    tf,
    gelu(tf, dense(tf, layerNorm(tf, h, w.ln2Gain, w.ln2Bias), w.w1, w.b1)),
    w.w2,
    w.b2,
  );
  return { y: tf.add(h, mlp), attention: attended.attention };
};

export const createGptBlock = (tf: TF, params: GptBlockParams, ctx: BuildContext): NodeLayer => {
  const d = concreteDim(ctx.inputs['x'], 2, 'GPT block model dim');
  const w = createGptBlockWeights(tf, d, params.mlpRatio, ctx.seed);
  return {
    weights: flattenGptBlockWeights(w),
    apply(inputs) {
      const { y, attention } = gptBlock(tf, w, inputs['x'] as Tensor, params.heads);
      return { y, attention };
    },
  };
};
