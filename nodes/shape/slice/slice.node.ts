// Slice: x[..., begin : begin + size, ...] along one axis (size -1 = to the end).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType, type Dim } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { normalizeAxis } from '../shared/dims';
import { fail } from '../shared/diagnostics';
import { createSliceLayer } from './slice.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const sliceNode = defineNode({
  id: 'shape/slice',
  version: 1,
  title: 'Slice',
  category: 'shape',
  role: 'layer',
  doc:
    'Keeps `size` consecutive entries of one axis starting at `begin` (size -1 keeps everything to ' +
    'the end) and the other axes whole: axis 1, begin 0, size 1 takes the first token of B x N x D ' +
    '(the class token of a ViT). The same as Python slicing x[:, begin:begin+size] in PyTorch, ' +
    'torch.narrow, or tf.slice.',
  inputs: [{ name: 'x', kind: 'tensor', dims: ['...'], gradient: 'flows', doc: 'Any tensor.' }],
  outputs: [{ name: 'y', kind: 'tensor', dims: ['...'], doc: 'x with the axis cut to size.' }],
  params: {
    axis: {
      kind: 'int',
      default: 1,
      min: -8,
      max: 7,
      doc: 'Axis to cut; negative counts from the end (-1 = last).',
    },
    begin: {
      kind: 'int',
      default: 0,
      min: 0,
      max: 1_000_000,
      doc: 'First index kept along the axis.',
    },
    size: {
      kind: 'int',
      default: -1,
      min: -1,
      max: 1_000_000,
      doc: 'How many entries to keep; -1 keeps everything from begin to the end.',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics);
    if (!x) return { outputs: {}, diagnostics };
    const { begin, size } = ctx.params;
    const rank = x.shape.length;
    const axis = normalizeAxis(ctx.params.axis, rank);
    if (axis === undefined)
      return fail(
        'x',
        `axis ${ctx.params.axis} is outside x (${formatShape(x.shape)}), which has ${rank} axes; set axis between ${-rank} and ${rank - 1}.`,
      );
    if (begin < 0 || (size < 1 && size !== -1))
      return fail(
        'x',
        `begin ${begin}, size ${size}: begin must be 0 or more and size positive or -1 (to the end); fix the params.`,
      );
    const d = x.shape[axis] as Dim;
    let out: Dim;
    if (typeof d === 'number') {
      if (begin >= d)
        return fail(
          'x',
          `begin ${begin} is past the end of axis ${axis} of x (${formatShape(x.shape)}), which has ${d} entries; set begin between 0 and ${d - 1}.`,
        );
      if (size !== -1 && begin + size > d)
        return fail(
          'x',
          `begin ${begin} + size ${size} = ${begin + size} runs past axis ${axis} of x (${formatShape(x.shape)}), which has ${d} entries; set size to at most ${d - begin} or -1 (to the end).`,
        );
      out = size === -1 ? d - begin : size;
    } else {
      out = size !== -1 ? size : begin === 0 ? d : d === '?' ? '?' : `${d}-${begin}`;
    }
    return {
      outputs: {
        y: tensorType(
          x.dtype,
          x.shape.map((dim, i) => (i === axis ? out : dim)),
        ),
      },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createSliceLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'shape/slice/slice.layer', factory: 'createSliceLayer' },
});
