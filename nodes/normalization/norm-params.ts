// Params and shape inference shared by the normalisation nodes whose output has the input's shape.
import type {
  PortDiagnostic,
  ShapeContext,
  ShapeResult,
} from '../../core/node-contract/node-definition';
import { tensorType, type ValueType } from '../../core/shapes/tensor-type';
import { floatInput, knownLastDim } from '../layers/layer-shapes';

export const epsParam = (dflt: number) =>
  ({
    kind: 'float',
    default: dflt,
    min: 0,
    max: 1,
    log: true,
    doc: 'Added to the variance (mean square) before the square root, for numerical stability.',
  }) as const;

/**
 * Checks a float32 'x' of at least `minRank` axes with a known channel (last) axis; the output
 * 'y' has the same shape. `extra` adds node-specific checks once C is known.
 */
export const sameShapeNorm = (
  ctx: ShapeContext<unknown>,
  title: string,
  minRank: number,
  layout: string,
  extra?: (c: number, diags: PortDiagnostic[]) => void,
): ShapeResult => {
  const diagnostics: PortDiagnostic[] = [];
  const outputs: Record<string, ValueType> = {};
  const x = floatInput(ctx, 'x', diagnostics, minRank, layout, title);
  if (!x) return { outputs, diagnostics };
  const c = knownLastDim(x, 'x', diagnostics, `the per-channel gamma and beta of ${title}`);
  if (c === undefined) return { outputs, diagnostics };
  extra?.(c, diagnostics);
  if (diagnostics.length === 0) outputs['y'] = tensorType('float32', x.shape);
  return { outputs, diagnostics };
};
