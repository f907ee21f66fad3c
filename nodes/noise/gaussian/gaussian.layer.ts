// Standard normal noise scaled by std: B x dims..., drawn with a seed from the trainer's RNG.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';

export interface GaussianParams {
  dims: readonly number[];
  std: number;
}

export const createGaussianLayer = (
  tf: TF,
  params: GaussianParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (_inputs, ctx) => ({
    noise: tf.randomNormal(
      [ctx.batchSize, ...params.dims],
      0,
      params.std,
      'float32',
      ctx.rng.seed(),
    ),
  }),
});
