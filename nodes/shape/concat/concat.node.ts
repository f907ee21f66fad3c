// Concat: a, b (and c, d when connected) joined along `axis`; all other dims must agree.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import {
  dimsAgree,
  formatShape,
  tensorType,
  type Dim,
  type TensorType,
} from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { normalizeAxis, sumDim } from '../shared/dims';
import { createConcatLayer, concatPorts } from './concat.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const concatNode = defineNode({
  id: 'shape/concat',
  version: 1,
  title: 'Concat',
  category: 'shape',
  role: 'layer',
  doc:
    'Joins a, b and the optional c, d end to end along one axis (default -1, the channels of NHWC ' +
    'or the features of B x N x D); every other dim must agree. Use it for U-Net skip connections, ' +
    'conditioning channels or stacking token sequences. The same as torch.cat / keras.layers.Concatenate. ' +
    'The joined axis is the sum of the parts: 64 + 32 = 96, symbolic parts stay a sum such as C1+C2.',
  inputs: concatPorts.map((name, i) => ({
    name,
    kind: 'tensor' as const,
    dims: ['...'],
    optional: i > 1,
    gradient: 'flows' as const,
    doc: `Part ${name}; same rank and dims as a except along the axis.`,
  })),
  outputs: [{ name: 'y', kind: 'tensor', dims: ['...'], doc: 'The parts joined along the axis.' }],
  params: {
    axis: {
      kind: 'int',
      default: -1,
      min: -8,
      max: 7,
      doc: 'Axis to join along; negative counts from the end (-1 = last).',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const parts: { port: string; t: TensorType }[] = [];
    for (const port of concatPorts) {
      const t = tensorInput(ctx, port, diagnostics, { optional: port === 'c' || port === 'd' });
      if (t) parts.push({ port, t });
    }
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    const first = parts[0] as { port: string; t: TensorType };
    const rank = first.t.shape.length;
    const axis = normalizeAxis(ctx.params.axis, rank);
    if (axis === undefined)
      return {
        outputs: {},
        diagnostics: [
          {
            severity: 'error',
            port: 'a',
            message: `axis ${ctx.params.axis} is outside a (${formatShape(first.t.shape)}), which has ${rank} axes; set axis between ${-rank} and ${rank - 1}.`,
          },
        ],
      };
    for (const { port, t } of parts.slice(1)) {
      const agree =
        t.shape.length === rank &&
        t.shape.every((d, i) => i === axis || dimsAgree(d, first.t.shape[i] as Dim));
      if (!agree)
        diagnostics.push({
          severity: 'error',
          port,
          message:
            t.shape.length !== rank
              ? `'${port}' is ${formatShape(t.shape)} (rank ${t.shape.length}) but 'a' is ${formatShape(first.t.shape)} (rank ${rank}); reshape ${port} to rank ${rank} before joining.`
              : `'${port}' is ${formatShape(t.shape)} but 'a' is ${formatShape(first.t.shape)}; every dim except axis ${axis} must agree: resize or reshape ${port} to match, or join along the axis where they differ.`,
        });
      else if (t.dtype !== first.t.dtype)
        diagnostics.push({
          severity: 'error',
          port,
          message: `'${port}' holds ${t.dtype} but 'a' holds ${first.t.dtype}; cast one of them so that both have the same dtype.`,
        });
    }
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    const shape = first.t.shape.map((d, i) =>
      i === axis ? sumDim(parts.map((p) => p.t.shape[i] as Dim)) : d,
    );
    return { outputs: { y: tensorType(first.t.dtype, shape) }, diagnostics };
  },
  build: (tf, params, ctx) => createConcatLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'shape/concat/concat.layer', factory: 'createConcatLayer' },
});
