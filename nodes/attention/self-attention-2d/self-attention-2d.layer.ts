// Spatial self-attention with a residual (the AttnBlock at VQGAN's bottleneck, Esser et al. 2021).
// b batch, h w spatial, c channels (NHWC); p = h*w positions
import type {
  TF,
  Tensor,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { constWeight, dense, groupNorm, normalWeight, scaledDotAttention } from '../attention-ops';
import { concreteDim } from '../shape-helpers';

export interface SelfAttention2dParams {
  groups: number;
}

export const createSelfAttention2d = (
  tf: TF,
  params: SelfAttention2dParams,
  ctx: BuildContext,
): NodeLayer => {
  const c = concreteDim(ctx.inputs['x'], 3, 'Self-attention channels');
  const std = 1 / Math.sqrt(c);
  const weights = {
    normGain: constWeight(tf, [c], 1),
    normBias: constWeight(tf, [c], 0),
    wq: normalWeight(tf, [c, c], ctx.seed + 1, std),
    wk: normalWeight(tf, [c, c], ctx.seed + 2, std),
    wv: normalWeight(tf, [c, c], ctx.seed + 3, std),
    bq: constWeight(tf, [c], 0),
    bk: constWeight(tf, [c], 0),
    bv: constWeight(tf, [c], 0),
    // proj_out starts small so the block begins close to the identity.
    wo: normalWeight(tf, [c, c], ctx.seed + 4, 0.1 * std),
    bo: constWeight(tf, [c], 0),
  };
  return {
    weights,
    apply(inputs) {
      const x = inputs['x'] as Tensor;
      const [b = 1, h = 1, w = 1] = x.shape;
      const normed = tf.reshape(
        groupNorm(tf, x, params.groups, weights.normGain, weights.normBias),
        [b, h * w, c],
      );
      // 1x1 convolutions q, k, v are dense maps over channels at each position.
      const q = dense(tf, normed, weights.wq, weights.bq);
      const k = dense(tf, normed, weights.wk, weights.bk);
      const v = dense(tf, normed, weights.wv, weights.bv);
      const { out, weights: attention } = scaledDotAttention(tf, q, k, v);
      const projected = dense(tf, out, weights.wo, weights.bo);
      return { y: tf.add(x, tf.reshape(projected, [b, h, w, c])), attention };
    },
  };
};
