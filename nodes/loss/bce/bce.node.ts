// b batch, ... any further dims; output: scalar.
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferPairLoss, lossOutput, pairLossPorts } from '../pair-loss-shapes';
import { createBceLayer } from './bce.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const bceNode = defineNode({
  id: 'loss/bce',
  version: 1,
  title: 'BCE loss (logits)',
  category: 'loss',
  role: 'loss',
  doc: 'Binary cross-entropy between logits (no sigmoid applied) and targets in [0, 1], computed stably from the logits. Use for binarised images (a Bernoulli decoder) and for GAN real/fake losses.',
  paper: {
    citation:
      'Goodfellow et al., Generative Adversarial Nets (2014), eq. 1; the stable logits form as in TensorFlow sigmoid_cross_entropy_with_logits',
    equation: 'L = w * mean(max(l,0) - l*t + log(1 + exp(-|l|)))',
  },
  inputs: pairLossPorts(
    'logits',
    'target',
    'Raw scores before a sigmoid.',
    'Targets in [0, 1] (same shape).',
  ),
  outputs: lossOutput,
  params: {
    weight: { kind: 'float', default: 1, min: 0, max: 1000, doc: 'Multiplies the loss.' },
  },
  inferShapes: (ctx) => inferPairLoss(ctx, 'logits', 'target'),
  build: (tf, params, ctx) => createBceLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'loss/bce/bce.layer', factory: 'createBceLayer' },
});
