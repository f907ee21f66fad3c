// Shape inference shared by the element-wise losses: two tensors of one shape in, a scalar out.
import type {
  PortDiagnostic,
  ShapeContext,
  ShapeResult,
} from '../../core/node-contract/node-definition';
import type { PortSpec } from '../../core/node-contract/port-spec';
import { formatShape, tensorType } from '../../core/shapes/tensor-type';
import { shapesAgree, tensorInput } from '../shared/shape-checks';

export const pairLossPorts = (a: string, b: string, docA: string, docB: string): PortSpec[] => [
  { name: a, kind: 'tensor', dtype: 'float32', dims: ['B', '...'], doc: docA },
  { name: b, kind: 'tensor', dtype: 'float32', dims: ['B', '...'], doc: docB },
];

export const lossOutput: PortSpec[] = [
  {
    name: 'loss',
    kind: 'tensor',
    dtype: 'float32',
    rank: 0,
    dims: [],
    doc: 'Mean over every element: a scalar.',
  },
];

export const inferPairLoss = (ctx: ShapeContext<unknown>, a: string, b: string): ShapeResult => {
  const diagnostics: PortDiagnostic[] = [];
  const ta = tensorInput(ctx, a, diagnostics);
  const tb = tensorInput(ctx, b, diagnostics);
  if (ta && tb && !shapesAgree(ta.shape, tb.shape))
    diagnostics.push({
      severity: 'error',
      port: b,
      message: `'${a}' is ${formatShape(ta.shape)} but '${b}' is ${formatShape(tb.shape)}; connect tensors of the same shape (check the decoder's output channels and size).`,
    });
  return { outputs: { loss: tensorType('float32', []) }, diagnostics };
};
