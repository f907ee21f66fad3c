// LayerNorm over the last axis: y = (x - mean) / sqrt(var + eps) * gain + bias.
// ... any leading dims, c the normalised (last) axis
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim } from '../../attention/shape-helpers';
import { createLayerNorm } from './layer-norm.layer';

export const layerNormNode = defineNode({
  id: 'transformer/layer-norm',
  version: 1,
  title: 'Layer Norm',
  category: 'transformer',
  role: 'layer',
  legacy: {
    replacement:
      'normalization/layer-norm (Layer Norm: the same normalisation over the last axis with a learned gain and bias)',
  },
  doc:
    'Normalises every vector along the last axis to zero mean and unit variance, then applies a learned gain and bias. ' +
    'In transformers it precedes attention and MLPs; before a decoder without normalisation layers it makes the decoder ' +
    'independent of the scale of its input codes (the VQGAN template uses it so that a small codebook cannot starve the decoder).',
  paper: {
    citation: 'Ba, Kiros, Hinton. Layer Normalization. 2016',
    url: 'https://arxiv.org/abs/1607.06450',
    equation: 'y = (x - mu) / sqrt(sigma^2 + eps) * g + b',
  },
  inputs: [{ name: 'x', kind: 'tensor', dtype: 'float32', dims: ['...', 'C'], gradient: 'flows' }],
  outputs: [{ name: 'y', kind: 'tensor', dtype: 'float32', dims: ['...', 'C'] }],
  params: {
    eps: { kind: 'float', default: 1e-5, min: 0, max: 1, log: true, doc: 'Added to the variance.' },
  },
  inferShapes({ inputs }) {
    const x = inputs['x'];
    if (!x) return failed({ severity: 'error', port: 'x', message: "Connect a tensor to 'x'." });
    if (x.kind !== 'tensor' || x.shape.length < 1)
      return failed({
        severity: 'error',
        port: 'x',
        message: "'x' takes a tensor with at least one axis.",
      });
    if (knownDim(x.shape[x.shape.length - 1]) === undefined)
      return failed({
        severity: 'error',
        port: 'x',
        message: 'The last axis of x must have a known size (it sizes the gain and bias).',
      });
    return { outputs: { y: tensorType('float32', x.shape) }, diagnostics: [] };
  },
  build: (tf, params, ctx) => createLayerNorm(tf, params, ctx),
  emit: { layerModule: 'transformer/layer-norm/layer-norm.layer', factory: 'createLayerNorm' },
});
