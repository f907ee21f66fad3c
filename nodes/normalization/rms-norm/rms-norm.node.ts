// RMSNorm over the last axis: x [..., C] -> y [..., C].
import { defineNode } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { epsParam, sameShapeNorm } from '../norm-params';
import { createRmsNormLayer } from './rms-norm.layer';

export const rmsNormNode = defineNode({
  id: 'normalization/rms-norm',
  version: 1,
  title: 'RMSNorm',
  category: 'normalization',
  role: 'layer',
  doc:
    'Root-mean-square normalisation along the last axis: divides each vector by the square root of its mean square (no mean subtraction, no bias) and scales by a learned gamma [C]. ' +
    'Cheaper than LayerNorm and the norm of LLaMA/T5-style transformers. The equivalent of PyTorch nn.RMSNorm(C) and Keras RMSNormalization.',
  paper: {
    citation: 'Zhang, Sennrich. Root Mean Square Layer Normalization. NeurIPS 2019',
    url: 'https://arxiv.org/abs/1910.07467',
    equation: 'y = x / sqrt(mean_C(x^2) + eps) * gamma',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...', 'C'],
      gradient: 'flows',
      doc: 'Any rank >= 1; C must be known.',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', dims: ['...', 'C'], doc: 'Shaped like x.' },
  ],
  params: { eps: epsParam(1e-6) },
  inferShapes: (ctx) => sameShapeNorm(ctx, 'RMSNorm', 1, '[..., C]'),
  // gamma [C]; one multiply-add per element (y = x̂ * gamma).
  cost: ({ inputs, batchSize }) => {
    const x = tensorShape(inputs['x'], "input 'x'");
    return {
      params: concreteDim(x, -1, batchSize, "input 'x'"),
      macs: perExample(x, batchSize, "input 'x'"),
    };
  },
  build: (tf, params, ctx) => createRmsNormLayer(tf, params, ctx),
  emit: { layerModule: 'normalization/rms-norm/rms-norm.layer', factory: 'createRmsNormLayer' },
});
