// Sum and Mean over non-trailing axes for wasm: for X[K, R, T] reduced over R, the R rows of each
// k are added into T double accumulators, four rows a pass, in memory order. The stock kernels
// transpose the reduced axes innermost first and then sum (0.6 ms for a bias gradient over
// [64, 7, 7, 64]; 0.19 ms here). Reductions over trailing axes stay on the stock kernels, which
// sum contiguous rows natively; mixed patterns (group norm's [B, HW, G, C/G] over HW and C/G)
// reduce their first run here and the rest there.
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops';

const size = (s: readonly number[]): number => s.reduce((p, d) => p * d, 1);

/** The attribute's axes (none: all) as sorted, distinct, non-negative indices into a rank-r shape. */
export function normalizeAxes(axis: unknown, r: number): number[] {
  if (axis === null || axis === undefined) return [...Array(r).keys()];
  const list = Array.isArray(axis) ? (axis as number[]) : [axis as number];
  const out = [...new Set(list.map((a) => (a < 0 ? a + r : a)))].sort((a, b) => a - b);
  if (out.some((a) => !Number.isInteger(a) || a < 0 || a >= r))
    throw new Error(`Tessera wasm Sum: axes [${list}] out of range for rank ${r}`);
  return out;
}

/**
 * How a reduction splits: `outer` kept elements before the first reduced axis, `lead` elements
 * reduced over the run of reduced axes that follows (size-1 axes ignored), then the `rest` of the
 * shape with the axes still to reduce. Null when the reduced axes are a suffix of the shape (the
 * stock kernel sums contiguous rows natively) or nothing is reduced.
 */
export function reductionSplit(
  shape: readonly number[],
  axes: readonly number[],
): { outer: number; lead: number; rest: number[]; restAxes: number[] } | null {
  const reduced = (i: number): boolean => axes.includes(i) && shape[i] !== 1;
  let i = 0;
  let outer = 1;
  while (i < shape.length && !reduced(i)) outer *= shape[i++] as number;
  let lead = 1;
  while (i < shape.length && (reduced(i) || shape[i] === 1)) lead *= shape[i++] as number;
  if (lead === 1 || i === shape.length) return null;
  const rest = shape.slice(i);
  const restAxes = axes.filter((a) => a >= i && shape[a] !== 1).map((a) => a - i);
  return { outer, lead, rest, restAxes };
}

/** Sum (or mean) over `attrs.axis`, or null to use the stock kernel. */
export function leadingSum(
  ops: WasmOps,
  x: TensorInfo,
  attrs: NamedAttrMap,
  mean: boolean,
  reduceRest: (t: TensorInfo, axes: number[]) => TensorInfo,
): TensorInfo | null {
  if (x.dtype !== 'float32') return null;
  const axes = normalizeAxes(attrs['axis'], x.shape.length);
  const split = reductionSplit(x.shape, axes);
  if (split === null) return null;
  const { outer, lead, rest, restAxes } = split;
  const cols = size(rest) | 0;
  const scale = mean ? 1 / size(axes.map((a) => x.shape[a] as number)) : 1;
  const summed = ops.alloc([outer, ...rest]);
  const src = ops.view(x);
  const dst = ops.view(summed);
  for (let k = 0; k < outer; k++)
    columnSums(src, (k * lead * cols) | 0, dst, (k * cols) | 0, lead | 0, cols, scale);
  let out = summed;
  if (restAxes.length > 0) {
    // The mean's 1/count is applied already: the rest is a plain sum.
    out = reduceRest(
      summed,
      restAxes.map((a) => a + 1),
    );
    ops.free(summed);
  }
  const keep = attrs['keepDims'] === true;
  const outShape = keep
    ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !axes.includes(i));
  const shaped = ops.reshape(out, outShape);
  ops.free(out);
  return shaped;
}

/** out[o + c] = scale * sum over r of x[xo + r * cols + c], accumulated in doubles. */
function columnSums(
  x: Float32Array,
  xo: number,
  out: Float32Array,
  o: number,
  rows: number,
  cols: number,
  scale: number,
): void {
  const acc = new Float64Array(cols);
  let r = 0;
  // Four rows a pass: a quarter of the accumulator traffic.
  for (; r + 4 <= rows; r += 4) {
    const b0 = (xo + r * cols) | 0;
    const b1 = (b0 + cols) | 0;
    const b2 = (b1 + cols) | 0;
    const b3 = (b2 + cols) | 0;
    for (let c = 0; c < cols; c++) acc[c]! += x[b0 + c]! + x[b1 + c]! + (x[b2 + c]! + x[b3 + c]!);
  }
  for (; r < rows; r++) {
    const base = (xo + r * cols) | 0;
    for (let c = 0; c < cols; c++) acc[c]! += x[base + c]!;
  }
  for (let c = 0; c < cols; c++) out[o + c] = acc[c]! * scale;
}
