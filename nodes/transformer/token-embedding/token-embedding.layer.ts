// Token + learned position embeddings (GPT, Radford et al. 2018): e_i = W_tok[t_i] + W_pos[i].
// b batch, n tokens, k vocabulary, d model dim
import type {
  TF,
  Tensor,
  Variable,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { normalWeight } from '../../attention/attention-ops';

export interface TokenEmbeddingParams {
  vocabSize: number;
  dim: number;
  maxLength: number;
}

export interface EmbeddingWeights {
  tokens: Variable;
  positions: Variable;
}

export const createEmbeddingWeights = (
  tf: TF,
  p: TokenEmbeddingParams,
  seed: number,
): EmbeddingWeights => ({
  tokens: normalWeight(tf, [p.vocabSize, p.dim], seed + 21),
  positions: normalWeight(tf, [p.maxLength, p.dim], seed + 22),
});

/**
 * Looks tokens [b, n] (int32) up as one-hot x table, so the gradient is a matMul on every backend
 * (gather's gradient, UnsortedSegmentSum, is missing on wasm). Indices stay off the gradient tape.
 */
export const embedTokens = (tf: TF, w: EmbeddingWeights, tokens: Tensor): Tensor => {
  const [b = 1, n = 1] = tokens.shape;
  const [k = 1, d = 1] = w.tokens.shape;
  const oneHot = tf.oneHot(tf.reshape(tf.cast(tokens, 'int32'), [b * n]), k);
  const tok = tf.reshape(tf.matMul(tf.cast(oneHot, 'float32'), w.tokens), [b, n, d]);
  const pos = tf.slice(w.positions, [0, 0], [n, d]);
  return tf.add(tok, pos);
};

export const createTokenEmbedding = (
  tf: TF,
  params: TokenEmbeddingParams,
  ctx: BuildContext,
): NodeLayer => {
  const weights = createEmbeddingWeights(tf, params, ctx.seed);
  return {
    weights: { ...weights },
    apply: (inputs) => ({ embeddings: embedTokens(tf, weights, inputs['tokens'] as Tensor) }),
  };
};
