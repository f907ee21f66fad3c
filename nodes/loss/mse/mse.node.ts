// b batch, ... any further dims; output: scalar.
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferPairLoss, lossOutput, pairLossPorts } from '../pair-loss-shapes';
import { createMseLayer } from './mse.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const mseNode = defineNode({
  id: 'loss/mse',
  version: 1,
  title: 'MSE loss',
  category: 'loss',
  role: 'loss',
  doc: 'Mean squared error between a prediction and a target, times a weight. The usual reconstruction loss of autoencoders (a Gaussian likelihood with fixed variance).',
  paper: {
    citation:
      'Gauss (1809); as the VQ-VAE reconstruction term, van den Oord et al., Neural Discrete Representation Learning (2017)',
    equation: 'L = w * mean((x_hat - x)^2)',
  },
  inputs: pairLossPorts(
    'prediction',
    'target',
    'The model output.',
    'What it should match (same shape).',
  ),
  outputs: lossOutput,
  params: {
    weight: { kind: 'float', default: 1, min: 0, max: 1000, doc: 'Multiplies the loss.' },
  },
  inferShapes: (ctx) => inferPairLoss(ctx, 'prediction', 'target'),
  build: (tf, params, ctx) => createMseLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'loss/mse/mse.layer', factory: 'createMseLayer' },
});
