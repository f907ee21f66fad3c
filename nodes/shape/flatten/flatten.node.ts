// Flatten: [B, d1, ..., dk] -> [B, d1*...*dk].
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { productDim } from '../shared/dims';
import { fail } from '../shared/diagnostics';
import { createFlattenLayer } from './flatten.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const flattenNode = defineNode({
  id: 'shape/flatten',
  version: 1,
  title: 'Flatten',
  category: 'shape',
  role: 'layer',
  doc:
    'Keeps the first (batch) axis and flattens all the others into one, in row-major order: ' +
    'B x 7 x 7 x 64 becomes B x 3136. The same as nn.Flatten() in PyTorch (start_dim=1) and ' +
    'keras.layers.Flatten; use it between convolutions and a dense layer.',
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'A tensor with a batch axis and at least one more.',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', rank: 2, dims: ['B', 'F'], doc: 'B x (product of the rest).' },
  ],
  params: {},
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics);
    if (!x) return { outputs: {}, diagnostics };
    const [b, ...rest] = x.shape;
    if (b === undefined || rest.length === 0)
      return fail(
        'x',
        `Flatten keeps the first axis and flattens the rest, but x is ${formatShape(x.shape)} (rank ${x.shape.length}); connect a tensor of rank 2 or more.`,
      );
    return { outputs: { y: tensorType(x.dtype, [b, productDim(rest)]) }, diagnostics };
  },
  build: (tf, params, ctx) => createFlattenLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'shape/flatten/flatten.layer', factory: 'createFlattenLayer' },
});
