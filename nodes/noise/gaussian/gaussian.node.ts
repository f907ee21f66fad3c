// b batch; dims... the per-example shape (e.g. [64] for a latent vector, [7, 7, 16] for a map).
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createGaussianLayer } from './gaussian.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const gaussianNode = defineNode({
  id: 'noise/gaussian',
  version: 1,
  title: 'Gaussian noise',
  category: 'data',
  role: 'layer',
  doc: "Draws a batch of N(0, std^2) noise with the given per-example dims, from the run's seeded RNG. The latent input of a GAN generator, or diffusion noise.",
  paper: { citation: 'Goodfellow et al., Generative Adversarial Nets (2014): z ~ p_z(z)' },
  inputs: [],
  outputs: [
    {
      name: 'noise',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...dims'],
      gradient: 'none',
      doc: 'B x dims noise.',
    },
  ],
  params: {
    dims: {
      kind: 'intList',
      default: [64],
      min: 1,
      max: 4096,
      minLength: 1,
      maxLength: 3,
      doc: 'Shape of one example, e.g. [64] or [7, 7, 16].',
    },
    std: { kind: 'float', default: 1, min: 0, max: 100, doc: 'Standard deviation.' },
  },
  inferShapes: (ctx) => ({
    outputs: { noise: tensorType('float32', ['B', ...ctx.params.dims]) },
    diagnostics: [],
  }),
  build: (tf, params, ctx) => createGaussianLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'noise/gaussian/gaussian.layer', factory: 'createGaussianLayer' },
});
