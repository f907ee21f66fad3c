// Dense on the last axis: x [..., Cin] -> y [..., units].
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { floatInput, initParam, knownLastDim } from '../layer-shapes';
import { createDenseLayer } from './dense.layer';

export const denseNode = defineNode({
  id: 'layers/dense',
  version: 1,
  title: 'Dense',
  category: 'layers',
  role: 'layer',
  doc:
    'Fully connected layer on the last axis: y = x W + b, mapping [..., Cin] to [..., units] with a kernel W [Cin, units] and a bias b [units]. ' +
    'Any leading axes (batch, tokens) are kept, so it works on [B, C] vectors and on [B, N, C] token sequences alike. ' +
    'The equivalent of PyTorch nn.Linear and Keras Dense.',
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...', 'Cin'],
      gradient: 'flows',
      doc: 'Features on the last axis; its size must be known.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...', 'units'],
      doc: 'x W + b, same leading axes as x.',
    },
  ],
  params: {
    units: {
      kind: 'int',
      default: 64,
      min: 1,
      max: 65536,
      doc: 'Output features (last axis of y).',
    },
    bias: { kind: 'bool', default: true, doc: 'Add a learned bias (starts at zero).' },
    init: initParam,
  },
  inferShapes(ctx) {
    const diagnostics: PortDiagnostic[] = [];
    const outputs: Record<string, ValueType> = {};
    const x = floatInput(ctx, 'x', diagnostics, 1, '[..., Cin]', 'Dense');
    if (x && knownLastDim(x, 'x', diagnostics, 'the kernel [Cin, units]') !== undefined)
      outputs['y'] = tensorType('float32', [...x.shape.slice(0, -1), ctx.params.units]);
    return { outputs, diagnostics };
  },
  cost: ({ params, inputs, batchSize }) => {
    const x = tensorShape(inputs['x'], "input 'x'");
    const cin = concreteDim(x, -1, batchSize, "input 'x'");
    return {
      params: cin * params.units + (params.bias ? params.units : 0),
      macs: perExample(x, batchSize, "input 'x'") * params.units, // rows x Cin x units
    };
  },
  build: (tf, params, ctx) => createDenseLayer(tf, params, ctx),
  emit: { layerModule: 'layers/dense/dense.layer', factory: 'createDenseLayer' },
});
