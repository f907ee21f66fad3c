// gan/latent-noise: a batch of latent vectors for a generator. b batch, z latent dim.
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createLatentNoiseLayer } from './latent-noise.layer';
import { latentNoiseParams } from './latent-noise.params';

export const latentNoiseNode = defineNode({
  id: 'gan/latent-noise',
  version: 1,
  title: 'Latent noise',
  category: 'gan',
  role: 'layer',
  doc: 'A batch of latent vectors z (B x Z), drawn fresh every step from the run’s seeded random generator. Feed a generator.',
  inputs: [],
  outputs: [
    { name: 'z', kind: 'tensor', dtype: 'float32', rank: 2, dims: ['B', 'Z'], gradient: 'none' },
  ],
  params: latentNoiseParams,
  inferShapes: ({ params }) => ({
    outputs: { z: tensorType('float32', ['B', params.dim]) },
    diagnostics: [],
  }),
  build: (tf, params) => createLatentNoiseLayer(tf, params),
  emit: { layerModule: 'gan/latent-noise/latent-noise.layer', factory: 'createLatentNoiseLayer' },
});
