// input: loss, a scalar. The objective (training stage) says which weights it updates.
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { formatShape } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createOptimizerLayer } from './optimizer.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const optimizerNode = defineNode({
  id: 'optimize/optimizer',
  version: 1,
  title: 'Optimizer',
  category: 'optimize',
  role: 'optimizer',
  doc: "Minimises the scalar loss connected to it. A training stage's objective names this node and the nodes or modules whose weights it updates, how often, and from which step. Adam is the default; AdamW decouples weight decay; SGD and RMSprop take momentum. clipWeights clamps every updated weight to +-c after each step (WGAN's Lipschitz constraint).",
  paper: {
    citation:
      'Kingma & Ba, Adam: A Method for Stochastic Optimization (ICLR 2015), Algorithm 1; Loshchilov & Hutter, Decoupled Weight Decay Regularization (ICLR 2019)',
    url: 'https://arxiv.org/abs/1412.6980',
  },
  inputs: [
    {
      name: 'loss',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      doc: 'The scalar to minimise.',
    },
  ],
  outputs: [],
  params: {
    algorithm: {
      kind: 'enum',
      default: 'adam',
      options: ['adam', 'adamw', 'sgd', 'rmsprop'],
      doc: 'Update rule.',
    },
    lr: {
      kind: 'float',
      default: 1e-3,
      min: 1e-7,
      max: 10,
      log: true,
      label: 'learning rate',
      doc: 'Step size.',
    },
    beta1: {
      kind: 'float',
      default: 0.9,
      min: 0,
      max: 0.99999,
      doc: 'Adam: decay of the first-moment average (GANs often use 0.5).',
    },
    beta2: {
      kind: 'float',
      default: 0.999,
      min: 0,
      max: 0.99999,
      doc: 'Adam: decay of the second-moment average; RMSprop: decay of the squared-gradient average.',
    },
    epsilon: {
      kind: 'float',
      default: 1e-8,
      min: 0,
      max: 1,
      log: true,
      doc: 'Added to the denominator for stability.',
    },
    momentum: {
      kind: 'float',
      default: 0,
      min: 0,
      max: 0.99999,
      doc: 'SGD and RMSprop momentum; 0 = none.',
    },
    weightDecay: {
      kind: 'float',
      default: 0,
      min: 0,
      max: 1,
      doc: 'L2 penalty (adam, sgd, rmsprop) or decoupled decay (adamw); 0 = off.',
    },
    clipGradNorm: {
      kind: 'float',
      default: 0,
      min: 0,
      max: 1e6,
      doc: "Clip the global gradient norm (the objective's own setting wins when set); 0 = off.",
    },
    clipWeights: {
      kind: 'float',
      default: 0,
      min: 0,
      max: 100,
      doc: 'Clamp each updated weight to [-c, c] after every step (WGAN uses 0.01); 0 = off.',
    },
  },
  inferShapes: (ctx) => {
    const diagnostics: PortDiagnostic[] = [];
    const loss = tensorInput(ctx, 'loss', diagnostics, { what: 'a scalar loss' });
    if (loss && loss.shape.length !== 0)
      diagnostics.push({
        severity: 'error',
        port: 'loss',
        message: `The loss must be a scalar but is ${formatShape(loss.shape)}; connect a loss node's output (or reduce with a mean).`,
      });
    return { outputs: {}, diagnostics };
  },
  build: (tf, params, ctx) => createOptimizerLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'optimize/optimizer/optimizer.layer', factory: 'createOptimizerLayer' },
});
