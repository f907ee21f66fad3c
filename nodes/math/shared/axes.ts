// Axis arithmetic shared by shape inference and layer files: negative axes count from the end.
// Pure JavaScript, no tf and no core imports, so exported programs can copy it verbatim.

/** The axis in [0, rank), or undefined when it is out of range (-rank <= axis < rank is valid). */
export const normalizeAxis = (axis: number, rank: number): number | undefined =>
  Number.isInteger(axis) && axis >= -rank && axis < rank
    ? axis < 0
      ? axis + rank
      : axis
    : undefined;

/** "-3 to 2" for rank 3: the valid range of an axis, for diagnostics. */
export const axisRange = (rank: number): string =>
  rank === 0 ? 'none (a scalar has no axes)' : `${-rank} to ${rank - 1}`;

/**
 * The distinct axes to reduce, sorted; an empty list means every axis. Returns the first
 * offending entry when one is out of range or two name the same axis.
 */
export const reduceAxes = (
  axes: readonly number[],
  rank: number,
): { axes: number[] } | { bad: number; duplicate: boolean } => {
  if (axes.length === 0) return { axes: Array.from({ length: rank }, (_, i) => i) };
  const out: number[] = [];
  for (const a of axes) {
    const n = normalizeAxis(a, rank);
    if (n === undefined) return { bad: a, duplicate: false };
    if (out.includes(n)) return { bad: a, duplicate: true };
    out.push(n);
  }
  return { axes: out.sort((x, y) => x - y) };
};
