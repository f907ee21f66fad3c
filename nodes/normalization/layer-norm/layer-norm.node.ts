// LayerNorm over the last axis: x [..., C] -> y [..., C].
import { defineNode } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { epsParam, sameShapeNorm } from '../norm-params';
import { createLayerNormLayer } from './layer-norm.layer';

export const layerNormNode = defineNode({
  id: 'normalization/layer-norm',
  version: 1,
  title: 'LayerNorm',
  category: 'normalization',
  role: 'layer',
  doc:
    'Normalises every vector along the last axis to zero mean and unit variance (biased variance, over that axis only), then scales by a learned gamma and shifts by a learned beta, both [C]. ' +
    'Independent of the batch, so training and sampling behave alike; the norm of transformers. The equivalent of PyTorch nn.LayerNorm(C) and Keras LayerNormalization(axis=-1).',
  paper: {
    citation: 'Ba, Kiros, Hinton. Layer Normalization. 2016',
    url: 'https://arxiv.org/abs/1607.06450',
    equation: 'y = (x - mean_C(x)) / sqrt(var_C(x) + eps) * gamma + beta',
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
  params: { eps: epsParam(1e-5) },
  inferShapes: (ctx) => sameShapeNorm(ctx, 'LayerNorm', 1, '[..., C]'),
  // gamma and beta [C]; one multiply-add per element (y = x̂ * gamma + beta).
  cost: ({ inputs, batchSize }) => {
    const x = tensorShape(inputs['x'], "input 'x'");
    return {
      params: 2 * concreteDim(x, -1, batchSize, "input 'x'"),
      macs: perExample(x, batchSize, "input 'x'"),
    };
  },
  build: (tf, params, ctx) => createLayerNormLayer(tf, params, ctx),
  emit: {
    layerModule: 'normalization/layer-norm/layer-norm.layer',
    factory: 'createLayerNormLayer',
  },
});
