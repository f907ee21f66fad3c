// Permute: y.shape[i] = x.shape[perm[i]], the batch axis included.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType, type Dim } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { fail } from '../shared/diagnostics';
import { createPermuteLayer } from './permute.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const permuteNode = defineNode({
  id: 'shape/permute',
  version: 1,
  title: 'Permute',
  category: 'shape',
  role: 'layer',
  doc:
    'Reorders the axes of x: output axis i is input axis perm[i], so [0, 2, 1] swaps the last two ' +
    'axes of a B x N x D tensor and [0, 3, 1, 2] turns NHWC into NCHW. The same as torch.permute / ' +
    'tf.transpose; unlike keras.layers.Permute, perm includes the batch axis 0.',
  inputs: [{ name: 'x', kind: 'tensor', dims: ['...'], gradient: 'flows', doc: 'Any tensor.' }],
  outputs: [{ name: 'y', kind: 'tensor', dims: ['...'], doc: 'x with its axes reordered.' }],
  params: {
    perm: {
      kind: 'intList',
      default: [0, 2, 1],
      min: 0,
      max: 7,
      minLength: 1,
      maxLength: 8,
      doc: 'New order of the axes: a permutation of 0..rank-1 (the batch axis is 0).',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics);
    if (!x) return { outputs: {}, diagnostics };
    const perm = ctx.params.perm;
    const rank = x.shape.length;
    const sorted = [...perm].sort((a, b) => a - b);
    if (perm.length !== rank || sorted.some((p, i) => p !== i))
      return fail(
        'x',
        `perm [${perm.join(', ')}] is not a permutation of the ${rank} axes of x (${formatShape(x.shape)}); list each of ${[...Array(rank).keys()].join(', ')} exactly once, e.g. [${[...Array(rank).keys()].join(', ')}] keeps the order.`,
      );
    const shape: Dim[] = perm.map((p) => x.shape[p] as Dim);
    return { outputs: { y: tensorType(x.dtype, shape) }, diagnostics };
  },
  build: (tf, params, ctx) => createPermuteLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'shape/permute/permute.layer', factory: 'createPermuteLayer' },
});
