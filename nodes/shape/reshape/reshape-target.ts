// Reads the Reshape node's target text ("B, -1, 64") into entries: a size, the single -1, or the
// input axis a name copies. No runtime imports, so the layer file (copied by the exporter) can use it.
import type { Shape } from '../../../core/shapes/tensor-type';

/** One target entry: a fixed size, the single -1, or a copy of input axis `axis` (a name). */
export type ReshapeTarget = { size: number } | { infer: true } | { axis: number };

/** Splits "B, -1, 64" (brackets allowed) into trimmed entries; [] when empty. */
export const reshapeEntries = (text: string): string[] => {
  const inner = text
    .trim()
    .replace(/^[[(]/, '')
    .replace(/[\])]$/, '');
  return inner.trim() === '' ? [] : inner.split(',').map((s) => s.trim());
};

/** Names are symbolic dims of the input; a name used twice takes its next occurrence. */
export const resolveTarget = (
  text: string,
  input: Shape,
  port = 'x',
): { target: ReshapeTarget[]; error?: undefined } | { target?: undefined; error: string } => {
  const entries = reshapeEntries(text);
  const inText = `${port} (${input.map(String).join(' x ') || 'scalar'})`;
  if (entries.length === 0)
    return {
      error: `The shape is empty; write the target sizes separated by commas, e.g. "B, -1".`,
    };
  const byName = new Map<string, number[]>();
  input.forEach((d, axis) => {
    if (typeof d === 'string' && d !== '?') byName.set(d, [...(byName.get(d) ?? []), axis]);
  });
  const names = [...byName.keys()];
  const target: ReshapeTarget[] = [];
  const used = new Set<number>();
  for (const entry of entries) {
    if (/^[+-]?\d+$/.test(entry)) {
      const n = Number(entry);
      if (n === -1) {
        if (target.some((t) => 'infer' in t))
          return {
            error: `"${text}" has more than one -1; keep -1 in one entry and give the others.`,
          };
        target.push({ infer: true });
      } else if (n <= 0) {
        return {
          error: `"${entry}" in "${text}" is not a size; use a positive whole number, -1 or a name of ${inText}.`,
        };
      } else target.push({ size: n });
      continue;
    }
    const axis = byName.get(entry)?.find((a) => !used.has(a));
    if (axis === undefined)
      return {
        error:
          entry === ''
            ? `"${text}" has an empty entry; remove the extra comma.`
            : `"${entry}" in "${text}" is not a symbolic dim of ${inText}; use a positive whole number, -1${names.length ? ` or one of ${names.join(', ')}` : ''}.`,
      };
    used.add(axis);
    target.push({ axis });
  }
  return { target };
};

/** The concrete target for tf.reshape: names become the actual sizes of their input axes. */
export const concreteTarget = (
  target: readonly ReshapeTarget[],
  actual: readonly number[],
): number[] =>
  target.map((t) => ('size' in t ? t.size : 'infer' in t ? -1 : (actual[t.axis] as number)));
