// Latent noise z ~ N(0, I) or U(-1, 1)^d, fresh each step from the trainer's seeded generator.
// b batch, z latent dim.
import type { NodeLayer, TF } from '../../../core/node-contract/node-definition';
import type { ParamsOf } from '../../../core/node-contract/param-spec';
import type { latentNoiseParams } from './latent-noise.params';

export const createLatentNoiseLayer = (
  tf: TF,
  p: ParamsOf<typeof latentNoiseParams>,
): NodeLayer => ({
  weights: {},
  apply: (_inputs, ctx) => {
    const shape = [ctx.batchSize, p.dim];
    const seed = ctx.rng.seed();
    const z =
      p.distribution === 'uniform'
        ? tf.randomUniform(shape, -1, 1, 'float32', seed)
        : tf.randomNormal(shape, 0, 1, 'float32', seed);
    return { z };
  },
});
