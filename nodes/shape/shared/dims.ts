// Symbolic dim arithmetic and axis handling shared by the shape, resample and position nodes.
// A dim is a number when known or a name ('B', 'H/2', 'C1+C2') when not.
import { divDim, mulDim, type Dim } from '../../../core/shapes/tensor-type';

/** An axis in [-rank, rank) as an index in [0, rank); undefined when out of range. */
export const normalizeAxis = (axis: number, rank: number): number | undefined => {
  const a = axis < 0 ? axis + rank : axis;
  return Number.isInteger(a) && a >= 0 && a < rank ? a : undefined;
};

/** Wraps a compound name in parentheses before it is multiplied or divided: 'C1+C2' -> '(C1+C2)'. */
const atom = (d: string): string => (/[+-]/.test(d) ? `(${d})` : d);

/** Product of dims: numbers multiply, names join with '*': [H, W, 64] -> 'H*W*64'; '?' stays '?'. */
export const productDim = (dims: readonly Dim[]): Dim => {
  if (dims.includes('?')) return '?';
  let n = 1;
  const names: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') n *= d;
    else names.push(d);
  }
  if (names.length === 0) return n;
  const base = names.length === 1 ? (names[0] as string) : names.map(atom).join('*');
  return n === 1 ? base : mulDim(atom(base), n);
};

/** Sum of dims: numbers add, names join with '+': [C1, C2] -> 'C1+C2', [C, 3] -> 'C+3'. */
export const sumDim = (dims: readonly Dim[]): Dim => {
  if (dims.includes('?')) return '?';
  let n = 0;
  const names: string[] = [];
  for (const d of dims) {
    if (typeof d === 'number') n += d;
    else names.push(d);
  }
  if (names.length === 0) return n;
  return n === 0 ? names.join('+') : `${names.join('+')}+${n}`;
};

/** d * num / den, reduced: (N, 8, 16) -> 'N/2'; numbers are divided exactly by the caller's check. */
export const scaleDim = (d: Dim, num: number, den: number): Dim => {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const g = gcd(num, den);
  const [n, m] = [num / g, den / g];
  if (typeof d === 'number') return (d * n) / m;
  return mulDim(divDim(atom(d), m), n);
};
