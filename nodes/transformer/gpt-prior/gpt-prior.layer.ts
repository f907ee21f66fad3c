// GPT prior over VQ code indices (Esser et al. 2021, sec. 3.2): p(s) = prod_i p(s_i | s_<i).
// b batch, h w code grid, n = h*w tokens (raster order), k codebook size, d model dim, l layers
import type {
  TF,
  Tensor,
  NodeLayer,
  BuildContext,
  Variable,
} from '../../../core/node-contract/node-definition';
import { constWeight, dense, layerNorm, normalWeight } from '../../attention/attention-ops';
import { createEmbeddingWeights, embedTokens } from '../token-embedding/token-embedding.layer';
import {
  createGptBlockWeights,
  flattenGptBlockWeights,
  gptBlock,
} from '../gpt-block/gpt-block.layer';

export interface GptPriorParams {
  codebookSize: number;
  dim: number;
  layers: number;
  heads: number;
  mlpRatio: number;
  maxLength: number;
}

/**
 * Shifts codes right behind a start token (index K, an extra row of the embedding), so that the
 * logits at position i predict code i from codes 0..i-1 only.
 */
const shiftRight = (tf: TF, codes: Tensor, k: number): Tensor => {
  const [b = 1, n = 1] = codes.shape;
  const start = tf.fill([b, 1], k, 'int32');
  return n === 1 ? start : tf.concat([start, tf.slice(codes, [0, 0], [b, n - 1])], 1);
};

export const createGptPrior = (tf: TF, params: GptPriorParams, ctx: BuildContext): NodeLayer => {
  const k = params.codebookSize;
  const embedding = createEmbeddingWeights(
    tf,
    { vocabSize: k + 1, dim: params.dim, maxLength: params.maxLength },
    ctx.seed,
  );
  const blocks = Array.from({ length: params.layers }, (_, i) =>
    createGptBlockWeights(tf, params.dim, params.mlpRatio, ctx.seed + 100 * (i + 1), params.layers),
  );
  const lnGain = constWeight(tf, [params.dim], 1);
  const lnBias = constWeight(tf, [params.dim], 0);
  const head = normalWeight(tf, [params.dim, k], ctx.seed + 5);
  const weights: Record<string, Variable> = {
    'embed.tokens': embedding.tokens,
    'embed.positions': embedding.positions,
    ...Object.assign({}, ...blocks.map((w, i) => flattenGptBlockWeights(w, `h${i}.`))),
    'lnf.gain': lnGain,
    'lnf.bias': lnBias,
    head,
  };
  return {
    weights,
    apply(inputs) {
      const raw = tf.cast(inputs['codes'] as Tensor, 'int32');
      const b = raw.shape[0] ?? 1;
      const codes = tf.reshape(raw, [b, -1]);
      let x = embedTokens(tf, embedding, shiftRight(tf, codes, k));
      let attention: Tensor | undefined;
      for (const w of blocks) {
        const out = gptBlock(tf, w, x, params.heads);
        x = out.y;
        attention = out.attention;
      }
      const logits = dense(tf, layerNorm(tf, x, lnGain, lnBias), head);
      // Mean negative log-likelihood per code, in nats: -1/(B N) sum log p(s_i | s_<i).
      const n = codes.shape[1] ?? 1;
      const target = tf.oneHot(tf.reshape(codes, [b * n]), k);
      const logp = tf.reshape(tf.logSoftmax(logits), [b * n, k]);
      const nll = tf.neg(tf.mean(tf.sum(tf.mul(logp, tf.cast(target, 'float32')), 1)));
      return { logits, nll, ...(attention ? { attention } : {}) };
    },
  };
};
