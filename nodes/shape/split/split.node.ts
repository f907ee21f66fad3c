// Split: x cut along `axis` into 2..4 pieces of the given sizes (out0..out3; unused ones absent).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { normalizeAxis } from '../shared/dims';
import { fail } from '../shared/diagnostics';
import { createSplitLayer, splitOutputs } from './split.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const splitNode = defineNode({
  id: 'shape/split',
  version: 1,
  title: 'Split',
  category: 'shape',
  role: 'layer',
  doc:
    'Cuts x along one axis into 2 to 4 consecutive pieces with the given sizes, which must add up to ' +
    'the size of that axis: sizes [64, 64] on a B x N x 128 tensor give two B x N x 64 outputs ' +
    '(e.g. the mean and log-variance halves of a VAE encoder, or q/k/v from one projection). ' +
    'The same as torch.split(x, sizes, dim) / tf.split. Outputs past the number of sizes are absent.',
  inputs: [{ name: 'x', kind: 'tensor', dims: ['...'], gradient: 'flows', doc: 'Any tensor.' }],
  outputs: splitOutputs.map((name, i) => ({
    name,
    kind: 'tensor' as const,
    dims: ['...'],
    optional: i > 1,
    doc: `Piece ${i} (sizes[${i}] along the axis)${i > 1 ? '; present when sizes has that many entries' : ''}.`,
  })),
  params: {
    sizes: {
      kind: 'intList',
      default: [1, 1],
      min: 1,
      max: 65536,
      minLength: 2,
      maxLength: 4,
      doc: 'Sizes of the pieces along the axis (2 to 4 entries); they must add up to the axis size.',
    },
    axis: {
      kind: 'int',
      default: -1,
      min: -8,
      max: 7,
      doc: 'Axis to cut; negative counts from the end (-1 = last).',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics);
    if (!x) return { outputs: {}, diagnostics };
    const { sizes } = ctx.params;
    const rank = x.shape.length;
    const axis = normalizeAxis(ctx.params.axis, rank);
    if (axis === undefined)
      return fail(
        'x',
        `axis ${ctx.params.axis} is outside x (${formatShape(x.shape)}), which has ${rank} axes; set axis between ${-rank} and ${rank - 1}.`,
      );
    if (sizes.length < 2 || sizes.length > 4 || sizes.some((s) => !Number.isInteger(s) || s < 1))
      return fail(
        'x',
        `sizes [${sizes.join(', ')}] must have 2 to 4 positive entries; give the size of each piece.`,
      );
    const total = sizes.reduce((a, b) => a + b, 0);
    const d = x.shape[axis];
    if (typeof d !== 'number')
      return fail(
        'x',
        `Axis ${axis} of x (${formatShape(x.shape)}) has the unknown size ${String(d)}, so sizes [${sizes.join(', ')}] cannot be checked; split along an axis of known size.`,
      );
    if (total !== d)
      return fail(
        'x',
        `sizes [${sizes.join(', ')}] add up to ${total}, but axis ${axis} of x (${formatShape(x.shape)}) has ${d}; change the sizes so that they add up to ${d}.`,
      );
    const outputs: Record<string, ValueType> = {};
    sizes.forEach((s, i) => {
      outputs[splitOutputs[i] as string] = tensorType(
        x.dtype,
        x.shape.map((dim, j) => (j === axis ? s : dim)),
      );
    });
    return { outputs, diagnostics };
  },
  build: (tf, params, ctx) => createSplitLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'shape/split/split.layer', factory: 'createSplitLayer' },
});
