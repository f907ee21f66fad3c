// Params and shape inference shared by AvgPool and MaxPool (NHWC, square windows).
import type {
  PortDiagnostic,
  ShapeContext,
  ShapeResult,
} from '../../../core/node-contract/node-definition';
import { divDim, formatShape, tensorType, type Dim } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { fail } from '../../shape/shared/diagnostics';
import { poolStride, type PoolParams } from './pool-params';
import type { PortSpec } from '../../../core/node-contract/port-spec';

export const poolParamSpecs = {
  size: { kind: 'int', default: 2, min: 1, max: 16, doc: 'Window side k (k x k).' },
  stride: {
    kind: 'int',
    default: 0,
    min: 0,
    max: 16,
    doc: 'Step between windows; 0 = the window size (non-overlapping).',
  },
  padding: {
    kind: 'enum',
    default: 'valid',
    options: ['valid', 'same'],
    doc: 'valid: windows inside the image, out = floor((H - k)/s) + 1; same: out = ceil(H/s), borders padded.',
  },
} as const;

/** Output length of one spatial axis; symbolic inputs give symbolic results. */
export const pooledDim = (d: Dim, k: number, s: number, padding: string): Dim => {
  if (typeof d === 'number')
    return padding === 'same' ? Math.ceil(d / s) : Math.floor((d - k) / s) + 1;
  if (d === '?') return '?';
  if (padding === 'same' || k === s) return divDim(d, s);
  return s === 1 ? `${d}-${k - 1}` : `(${d}-${k})/${s}+1`;
};

export const inferPool = (ctx: ShapeContext<PoolParams>): ShapeResult => {
  const diagnostics: PortDiagnostic[] = [];
  const x = tensorInput(ctx, 'x', diagnostics, { rank: 4, what: 'an NHWC feature map' });
  if (!x) return { outputs: {}, diagnostics };
  const k = ctx.params.size;
  const s = poolStride(ctx.params);
  const [b, h, w, c] = x.shape as [Dim, Dim, Dim, Dim];
  if (ctx.params.padding === 'valid')
    for (const [name, d] of [
      ['H', h],
      ['W', w],
    ] as const)
      if (typeof d === 'number' && d < k)
        return fail(
          'x',
          `${name} = ${d} of x (${formatShape(x.shape)}) is smaller than the ${k} x ${k} window with padding 'valid'; use padding 'same' or a size of at most ${d}.`,
        );
  const out = [
    b,
    pooledDim(h, k, s, ctx.params.padding),
    pooledDim(w, k, s, ctx.params.padding),
    c,
  ];
  return { outputs: { y: tensorType('float32', out) }, diagnostics };
};

/** The one input port of the pools: an NHWC map. */
export const poolInputs: readonly PortSpec[] = [
  {
    name: 'x',
    kind: 'tensor',
    dtype: 'float32',
    rank: 4,
    dims: ['B', 'H', 'W', 'C'],
    gradient: 'flows',
    doc: 'NHWC feature map.',
  },
];

/** The one output port of the pools, described by `doc` ("Window means."). */
export const poolOutputs = (doc: string): readonly PortSpec[] => [
  { name: 'y', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'H/s', 'W/s', 'C'], doc },
];
