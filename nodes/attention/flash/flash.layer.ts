// FLASH (Hua et al. 2022, sec. 3): a GAU whose attention is mixed-chunk — quadratic relu^2 attention
// within chunks of C tokens plus linear attention across chunks — so cost grows linearly in n.
// b batch, n tokens, d model dim, E = e*d expanded width, s shared query/key dim, C chunk
import type {
  TF,
  Tensor,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { withLazyOutput } from '../attention-ops';
import {
  createGauWeights,
  flattenGauWeights,
  gauOutput,
  gauProjections,
  mixedChunkAttention,
  mixedChunkAttentionMap,
  type GauWeights,
} from '../gau-ops';
import { concreteDim } from '../shape-helpers';

export interface FlashParams {
  expansion: number;
  s: number;
  chunk: number;
  causal: boolean;
}

/** The four scale/offset maps of Z: quadratic q, k and linear linQ, linK. */
export const FLASH_OFFSETS = ['q', 'k', 'linQ', 'linK'] as const;

/**
 * y = (U ⊙ Vhat) Wo with Vhat the mixed-chunk attention of V. `attention()` gives the implicit
 * n x n matrix as [b, 1, n, n] (quadratic cost: previews only). keyMask [b, n] (1 = keep, 0 = pad)
 * removes padded keys from the chunk-local and the linear term.
 */
export const flash = (
  tf: TF,
  w: GauWeights,
  x: Tensor,
  chunk: number,
  causal: boolean,
  keyMask?: Tensor,
): { y: Tensor; attention: () => Tensor } => {
  const [b = 1, n = 1] = x.shape;
  const { u, v, maps } = gauProjections(tf, w, x);
  const [q, k, lq, lk] = FLASH_OFFSETS.map((name) => maps[name]!) as [
    Tensor,
    Tensor,
    Tensor,
    Tensor,
  ];
  return {
    y: gauOutput(tf, w, u, mixedChunkAttention(tf, q, k, lq, lk, v, chunk, causal, keyMask)),
    attention: () =>
      tf.reshape(mixedChunkAttentionMap(tf, q, k, lq, lk, chunk, causal, keyMask), [b, 1, n, n]),
  };
};

export const createFlashLayer = (tf: TF, params: FlashParams, ctx: BuildContext): NodeLayer => {
  const d = concreteDim(ctx.inputs['x'], 2, 'FLASH model dim');
  const w = createGauWeights(tf, d, params.expansion, params.s, FLASH_OFFSETS, ctx.seed);
  return {
    weights: flattenGauWeights(w),
    apply(inputs) {
      const { y, attention } = flash(
        tf,
        w,
        inputs['x'] as Tensor,
        params.chunk,
        params.causal,
        inputs['keyMask'],
      );
      // The map costs O(n^2): computed only when something reads it (a preview).
      return withLazyOutput({ y }, 'attention', attention);
    },
  };
};
