// b batch, ... any further dims; output: scalar.
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferPairLoss, lossOutput, pairLossPorts } from '../pair-loss-shapes';
import { createL1Layer } from './l1.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const l1Node = defineNode({
  id: 'loss/l1',
  version: 1,
  title: 'L1 loss',
  category: 'loss',
  role: 'loss',
  doc: 'Mean absolute error between a prediction and a target, times a weight. Sharper reconstructions than MSE (a Laplace likelihood); VQGAN uses it as its pixel term.',
  paper: {
    citation:
      'Esser et al., Taming Transformers for High-Resolution Image Synthesis (2021), reconstruction term',
    equation: 'L = w * mean(|x_hat - x|)',
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
  build: (tf, params, ctx) => createL1Layer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'loss/l1/l1.layer', factory: 'createL1Layer' },
});
