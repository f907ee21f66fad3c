// no inputs -> y with exactly `shape`.
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { fixedShapeDiagnostics } from '../shared/fixed-shape';
import { createConstantLayer } from './constant.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const constantNode = defineNode({
  id: 'math/constant',
  version: 1,
  title: 'Constant',
  category: 'math',
  role: 'layer',
  doc: 'A fixed tensor of the given shape, every element equal to value (torch.full(shape, value), tf.fill). Not trainable. With an empty shape it is a scalar that broadcasts against anything in Add or Multiply; for a learned tensor use Parameter.',
  inputs: [],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...'],
      gradient: 'none',
      doc: 'The tensor, shaped exactly `shape`.',
    },
  ],
  params: {
    shape: {
      kind: 'intList',
      default: [],
      min: 1,
      max: 65536,
      maxLength: 8,
      doc: 'Size of each axis; empty for a scalar.',
    },
    value: { kind: 'float', default: 1, min: -1e9, max: 1e9, doc: 'The value of every element.' },
  },
  inferShapes: ({ params }) => {
    const diagnostics = fixedShapeDiagnostics(params.shape, 'y');
    const outputs: Record<string, ValueType> =
      diagnostics.length === 0 ? { y: tensorType('float32', params.shape) } : {};
    return { outputs, diagnostics };
  },
  build: (tf, params, ctx) => createConstantLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'math/constant/constant.layer', factory: 'createConstantLayer' },
});
