// no inputs -> y, a learned tensor with exactly `shape`.
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { fixedShapeDiagnostics } from '../shared/fixed-shape';
import { createParameterLayer } from './parameter.layer';

export const parameterNode = defineNode({
  id: 'math/parameter',
  version: 1,
  title: 'Parameter',
  category: 'math',
  role: 'layer',
  doc: "A learned tensor of exactly the given shape, with no inputs (torch.nn.Parameter(torch.randn(shape) * 0.02); a Keras layer's add_weight). DETR's object queries (N x C), a ViT class token or learned position embedding (1 x N x C), a learned scale. The output has no batch axis of its own: combine it with Add or Multiply, whose broadcasting spreads it over the batch.",
  inputs: [],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...'],
      gradient: 'flows',
      doc: 'The learned tensor, shaped exactly `shape`.',
    },
  ],
  params: {
    shape: {
      kind: 'intList',
      default: [16, 64],
      min: 1,
      max: 65536,
      maxLength: 8,
      doc: 'Size of each axis (e.g. [16, 64] for 16 queries of width 64); empty for a scalar.',
    },
    init: {
      kind: 'enum',
      default: 'normal-0.02',
      options: ['normal-0.02', 'zeros', 'ones', 'normal-1'],
      doc: "Initial values: 'normal-0.02' N(0, 0.02^2) as in BERT/ViT/DETR embeddings, 'zeros', 'ones' (a learned scale), 'normal-1' N(0, 1).",
    },
  },
  inferShapes: ({ params }) => {
    const diagnostics = fixedShapeDiagnostics(params.shape, 'y');
    const outputs: Record<string, ValueType> =
      diagnostics.length === 0 ? { y: tensorType('float32', params.shape) } : {};
    return { outputs, diagnostics };
  },
  build: (tf, params, ctx) => createParameterLayer(tf, params, ctx),
  emit: { layerModule: 'math/parameter/parameter.layer', factory: 'createParameterLayer' },
});
