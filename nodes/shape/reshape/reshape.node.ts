// Reshape: any shape -> the shape written in the `shape` param; names (B) pass through.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { fail } from '../shared/diagnostics';
import { createReshapeLayer } from './reshape.layer';
import { planReshape } from './reshape-spec';
import { weightlessCost } from '../../../core/node-contract/cost';

export const reshapeNode = defineNode({
  id: 'shape/reshape',
  version: 1,
  title: 'Reshape',
  category: 'shape',
  role: 'layer',
  doc:
    'Gives x a new shape with the same elements in the same (row-major) order, like torch.reshape / ' +
    'keras.layers.Reshape. Write the target as comma-separated entries: positive sizes, at most one -1 ' +
    '(inferred from the rest), or the name of a symbolic dim of the input such as B, which passes through ' +
    'and takes that dim\'s actual size at run time ("B, -1, 64" turns B x 7 x 7 x 64 into B x 49 x 64). ' +
    'Unlike Keras, the batch axis is part of the target.',
  inputs: [{ name: 'x', kind: 'tensor', dims: ['...'], gradient: 'flows', doc: 'Any tensor.' }],
  outputs: [{ name: 'y', kind: 'tensor', dims: ['...'], doc: 'x with the target shape.' }],
  params: {
    shape: {
      kind: 'string',
      default: 'B, -1',
      doc: 'Target shape, e.g. "B, -1, 64" or "B, 49, 64": sizes, one -1, or names of input dims.',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics);
    if (!x) return { outputs: {}, diagnostics };
    const planned = planReshape(ctx.params.shape, x.shape);
    if (!planned.plan) return fail('x', planned.error);
    return { outputs: { y: tensorType(x.dtype, planned.plan.shape) }, diagnostics };
  },
  build: (tf, params, ctx) => createReshapeLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'shape/reshape/reshape.layer', factory: 'createReshapeLayer' },
});
