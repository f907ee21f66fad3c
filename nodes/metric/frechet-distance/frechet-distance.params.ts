// Params of metric/frechet-distance.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const frechetDistanceParams = {
  dataset: {
    kind: 'string',
    default: 'mnist',
    doc: 'Dataset the feature classifier is trained on and the real statistics come from.',
  },
  samples: {
    kind: 'int',
    default: 500,
    min: 10,
    max: 10000,
    doc: 'Generated samples pooled for the statistics (the most recent ones), and real test images they are compared with.',
  },
  latentDim: {
    kind: 'int',
    default: 0,
    min: 0,
    max: 4096,
    doc: 'With a generator connected: size of its latent input z; 0 reads it from the generator.',
  },
  latentSeed: {
    kind: 'int',
    default: 99,
    min: 0,
    max: 2147483647,
    doc: 'With a generator connected: seed of the fixed latent vectors it is scored on (the same ones at every evaluation).',
  },
  every: {
    kind: 'int',
    default: 50,
    min: 1,
    max: 100000,
    doc: 'Samples mode: recompute the distance every k steps (it is reported unchanged between).',
  },
  inputRange: {
    kind: 'enum',
    default: '0..1',
    options: ['0..1', '-1..1'],
    doc: 'Value range of the samples (tanh generators give -1..1).',
  },
  classifierSteps: {
    kind: 'int',
    default: 800,
    min: 1,
    max: 100000,
    doc: 'Adam steps (batch 64) to train the feature classifier.',
  },
  featureDim: {
    kind: 'int',
    default: 64,
    min: 2,
    max: 512,
    doc: 'Dimension of the feature space (the classifier’s penultimate layer).',
  },
  seed: {
    kind: 'int',
    default: 1234,
    min: 0,
    max: 2147483647,
    doc: 'Seed of the classifier’s weights and minibatch order; fixed so scores compare across runs.',
  },
} satisfies ParamSpecs;

export type FrechetDistanceParams = ParamsOf<typeof frechetDistanceParams>;
