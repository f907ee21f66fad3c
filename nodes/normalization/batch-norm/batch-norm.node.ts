// BatchNorm over all axes but the last: x [B, C] or [B, H, W, C] -> y, same shape.
import { defineNode } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { epsParam, sameShapeNorm } from '../norm-params';
import { createBatchNormLayer } from './batch-norm.layer';

export const batchNormNode = defineNode({
  id: 'normalization/batch-norm',
  version: 1,
  title: 'BatchNorm',
  category: 'normalization',
  role: 'layer',
  doc:
    'Normalises each channel (the last axis) with the mean and variance over the batch and every other axis, then applies a learned per-channel gamma and beta. ' +
    'While training it uses the batch statistics and keeps running estimates (running = (1 - momentum) * running + momentum * batch, unbiased batch variance, once per training step); ' +
    'when sampling or evaluating it uses the running estimates, unless useRunningStats is always-batch (as DCGAN generators sample). The running estimates are saved in checkpoints. ' +
    'The equivalent of PyTorch nn.BatchNorm1d / nn.BatchNorm2d (channels last here) and Keras BatchNormalization (whose momentum is 1 - this one).',
  paper: {
    citation:
      'Ioffe, Szegedy. Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift. ICML 2015',
    url: 'https://arxiv.org/abs/1502.03167',
    equation: 'y = (x - mu_B) / sqrt(sigma_B^2 + eps) * gamma + beta',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...', 'C'],
      gradient: 'flows',
      doc: '[B, C] features or [B, H, W, C] images; C must be known.',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', dims: ['B', '...', 'C'], doc: 'Shaped like x.' },
  ],
  params: {
    momentum: {
      kind: 'float',
      default: 0.1,
      min: 0,
      max: 1,
      doc: 'Weight of the new batch in the running statistics (PyTorch convention; 0 freezes them).',
    },
    eps: epsParam(1e-5),
    useRunningStats: {
      kind: 'enum',
      default: 'auto',
      options: ['auto', 'always-batch'],
      doc: 'auto: batch statistics while training, running statistics when sampling or evaluating; always-batch: batch statistics everywhere (DCGAN generators), running statistics still tracked.',
    },
  },
  inferShapes: (ctx) => sameShapeNorm(ctx, 'BatchNorm', 2, '[B, C] or [B, H, W, C]'),
  // gamma and beta [C]; one multiply-add per element (y = x̂ * gamma + beta).
  cost: ({ inputs, batchSize }) => {
    const x = tensorShape(inputs['x'], "input 'x'");
    return {
      params: 2 * concreteDim(x, -1, batchSize, "input 'x'"),
      macs: perExample(x, batchSize, "input 'x'"),
    };
  },
  build: (tf, params, ctx) => createBatchNormLayer(tf, params, ctx),
  emit: {
    layerModule: 'normalization/batch-norm/batch-norm.layer',
    factory: 'createBatchNormLayer',
  },
});
