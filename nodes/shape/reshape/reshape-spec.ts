// The Reshape node's shape inference: the target text ("B, -1, 64") checked against the input
// shape symbolically (element counts, the -1 entry); the layer needs only reshape-target.ts.
import { formatShape, type Dim, type Shape } from '../../../core/shapes/tensor-type';
import { productDim, scaleDim } from '../shared/dims';
import { resolveTarget, type ReshapeTarget } from './reshape-target';

export type { ReshapeTarget } from './reshape-target';

export interface ReshapePlan {
  target: ReshapeTarget[];
  /** The output shape, symbolic where the input is. */
  shape: Dim[];
}

const isWildcard = (d: Dim): boolean => d === '?';

/**
 * Reads `text` against the input shape. Names refer to symbolic dims of the input and pass
 * through; the known sizes must multiply out. Returns a plan, or an error naming the fix.
 */
export const planReshape = (
  text: string,
  input: Shape,
  port = 'x',
): { plan: ReshapePlan; error?: undefined } | { plan?: undefined; error: string } => {
  const resolved = resolveTarget(text, input, port);
  if (!resolved.target) return { error: resolved.error };
  const target = resolved.target;
  const inText = `${port} (${formatShape(input)})`;
  const used = new Set<number>();
  const shape: Dim[] = [];
  let inferAt = -1;
  let outKnown = 1;
  target.forEach((t, i) => {
    if ('size' in t) {
      shape.push(t.size);
      outKnown *= t.size;
    } else if ('infer' in t) {
      inferAt = i;
      shape.push(-1);
    } else {
      used.add(t.axis);
      shape.push(input[t.axis] as Dim);
    }
  });
  const rest = input.filter((_, axis) => !used.has(axis));
  const cancelled = input.filter((_, axis) => used.has(axis)).map(String);
  const per =
    cancelled.length === 0
      ? ''
      : cancelled.length === 1 && cancelled[0] === 'B'
        ? ' per example'
        : ` per ${cancelled.join(' x ')} slice`;
  const restKnown = rest
    .filter((d): d is number => typeof d === 'number')
    .reduce((a, b) => a * b, 1);
  const restNames = rest.filter((d): d is string => typeof d === 'string');
  if (restNames.some(isWildcard)) {
    if (inferAt >= 0) shape[inferAt] = '?';
    return { plan: { target, shape } };
  }
  if (inferAt < 0) {
    if (restNames.length > 0)
      return {
        error: `${inText} has ${restNames.join(', ')} of unknown size, so "${text}" cannot be checked; keep ${restNames.join(', ')} in the shape by name or use -1 for one entry.`,
      };
    if (restKnown !== outKnown)
      return {
        error: `Reshape to '${text}' needs ${outKnown} elements${per}, but ${inText} has ${restKnown}; use -1 for one entry or a shape whose sizes multiply to ${restKnown}.`,
      };
    return { plan: { target, shape } };
  }
  if (restNames.length === 0) {
    if (restKnown % outKnown !== 0)
      return {
        error: `Reshape to '${text}' cannot fill -1: ${inText} has ${restKnown} elements${per}, which the other sizes (${outKnown}) do not divide; use sizes whose product divides ${restKnown}.`,
      };
    shape[inferAt] = restKnown / outKnown;
    return { plan: { target, shape } };
  }
  shape[inferAt] = scaleDim(productDim(restNames), restKnown, outKnown);
  return { plan: { target, shape } };
};
