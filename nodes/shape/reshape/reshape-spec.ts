// The Reshape node's target text ("B, -1, 64") read against an input shape: shared by shape
// inference (symbolic) and the layer (which maps names to the actual sizes at run time).
import { formatShape, type Dim, type Shape } from '../../../core/shapes/tensor-type';
import { productDim, scaleDim } from '../shared/dims';

/** One target entry: a fixed size, the single -1, or a copy of input axis `axis` (a name). */
export type ReshapeTarget = { size: number } | { infer: true } | { axis: number };

export interface ReshapePlan {
  target: ReshapeTarget[];
  /** The output shape, symbolic where the input is. */
  shape: Dim[];
}

const isWildcard = (d: Dim): boolean => d === '?';

/** Splits "B, -1, 64" (brackets allowed) into trimmed entries; [] when empty. */
export const reshapeEntries = (text: string): string[] => {
  const inner = text
    .trim()
    .replace(/^[[(]/, '')
    .replace(/[\])]$/, '');
  return inner.trim() === '' ? [] : inner.split(',').map((s) => s.trim());
};

/**
 * Reads `text` against the input shape. Names refer to symbolic dims of the input and pass
 * through; the known sizes must multiply out. Returns a plan, or an error naming the fix.
 */
export const planReshape = (
  text: string,
  input: Shape,
  port = 'x',
): { plan: ReshapePlan; error?: undefined } | { plan?: undefined; error: string } => {
  const entries = reshapeEntries(text);
  const inText = `${port} (${formatShape(input)})`;
  if (entries.length === 0)
    return {
      error: `The shape is empty; write the target sizes separated by commas, e.g. "B, -1".`,
    };
  // Symbolic input axes by name, in order, so that a name used twice takes the next axis.
  const byName = new Map<string, number[]>();
  input.forEach((d, axis) => {
    if (typeof d === 'string' && !isWildcard(d)) byName.set(d, [...(byName.get(d) ?? []), axis]);
  });
  const names = [...byName.keys()];
  const target: ReshapeTarget[] = [];
  const shape: Dim[] = [];
  const used = new Set<number>();
  let inferAt = -1;
  let outKnown = 1;
  for (const entry of entries) {
    if (/^[+-]?\d+$/.test(entry)) {
      const n = Number(entry);
      if (n === -1) {
        if (inferAt >= 0)
          return {
            error: `"${text}" has more than one -1; keep -1 in one entry and give the others.`,
          };
        inferAt = target.length;
        target.push({ infer: true });
        shape.push(-1);
      } else if (n <= 0) {
        return {
          error: `"${entry}" in "${text}" is not a size; use a positive whole number, -1 or a name of ${inText}.`,
        };
      } else {
        target.push({ size: n });
        shape.push(n);
        outKnown *= n;
      }
      continue;
    }
    const axes = byName.get(entry);
    const axis = axes?.find((a) => !used.has(a));
    if (axis === undefined)
      return {
        error:
          entry === ''
            ? `"${text}" has an empty entry; remove the extra comma.`
            : `"${entry}" in "${text}" is not a symbolic dim of ${inText}; use a positive whole number, -1${names.length ? ` or one of ${names.join(', ')}` : ''}.`,
      };
    used.add(axis);
    target.push({ axis });
    shape.push(entry);
  }
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

/** The concrete target for tf.reshape: names become the actual sizes of their input axes. */
export const concreteTarget = (
  target: readonly ReshapeTarget[],
  actual: readonly number[],
): number[] =>
  target.map((t) => ('size' in t ? t.size : 'infer' in t ? -1 : (actual[t.axis] as number)));
