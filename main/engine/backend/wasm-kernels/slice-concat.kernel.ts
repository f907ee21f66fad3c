// Slice, SplitV and Concat for wasm by runs of heap copies. The stock kernels copy with one
// `subarray` + `set` per innermost row in JavaScript (a UNet's skip concat of [32, 28, 28, 16]
// and [32, 28, 28, 32]: 3-5 ms; its gradient's SplitV 8 ms). Here each run is one copyWithin
// on the heap (1.3 ms for either), runs under 4 elements a loop over an Int32Array view
// (bit-exact for float32 and int32); trailing dims taken whole merge into one run.
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops';

/**
 * Runs at least this long go through copyWithin (a native memmove), shorter ones through a loop:
 * for the UNet's concat of 16- and 32-float runs copyWithin took 1.3 ms, the loop 3.5 (stock 5.2).
 */
const LONG_RUN = 4;

/** Copies `count` runs of `len` elements, run i from src + i*srcStride to dst + i*dstStride. */
export function copyRuns(
  heap: Int32Array,
  src: number,
  srcStride: number,
  dst: number,
  dstStride: number,
  count: number,
  len: number,
): void {
  if (len >= LONG_RUN) {
    for (let i = 0; i < count; i++, src += srcStride, dst += dstStride)
      heap.copyWithin(dst, src, src + len);
    return;
  }
  for (let i = 0; i < count; i++, src += srcStride, dst += dstStride)
    for (let j = 0; j < len; j++) heap[dst + j] = heap[src + j] as number;
}

const bitExact = (dtype: string): boolean => dtype === 'float32' || dtype === 'int32';

function heapOf(ops: WasmOps): Int32Array {
  return new Int32Array(ops.backend.wasm.HEAPU8.buffer);
}

/** x[begin : begin + size] (size -1: to the end). Null for dtypes other than float32 and int32. */
export function slice(
  ops: WasmOps,
  x: TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): TensorInfo | null {
  if (!bitExact(x.dtype)) return null;
  const r = x.shape.length;
  const b = x.shape.map((_, i) => begin[i] ?? 0);
  const s = x.shape.map((d, i) => {
    const want = size[i] ?? -1;
    return want === -1 ? d - (b[i] as number) : want;
  });
  s.forEach((len, i) => {
    const bi = b[i] as number;
    if (bi < 0 || len < 0 || bi + len > (x.shape[i] as number))
      throw new Error(
        `Tessera wasm Slice: begin [${b}] size [${s}] is outside x [${x.shape}] on axis ${i}`,
      );
  });
  const out = ops.backend.makeOutput(s, x.dtype as 'float32' | 'int32');
  const total = s.reduce((p, d) => p * d, 1);
  if (total === 0) return out;
  const stride = new Array<number>(r).fill(1);
  for (let i = r - 2; i >= 0; i--)
    stride[i] = (stride[i + 1] as number) * (x.shape[i + 1] as number);
  // The contiguous run: trailing dims taken whole, times the first dim (from the end) that is not.
  let d = r - 1;
  let run = 1;
  while (d >= 0 && s[d] === x.shape[d]) run *= s[d--] as number;
  if (d >= 0) run *= s[d--] as number;
  // Now dims 0..d are iterated; the innermost of them (d) is the copyRuns count.
  const heap = heapOf(ops);
  let src = ops.offset(x) + b.reduce((p, bi, i) => p + bi * (stride[i] as number), 0);
  let dst = ops.offset(out);
  if (d < 0) {
    copyRuns(heap, src, 0, dst, 0, 1, run);
    return out;
  }
  const count = s[d] as number;
  const idx = new Array<number>(d).fill(0);
  for (;;) {
    copyRuns(heap, src, stride[d] as number, dst, run, count, run);
    dst += count * run;
    let k = d - 1;
    for (; k >= 0; k--) {
      idx[k] = (idx[k] as number) + 1;
      src += stride[k] as number;
      if ((idx[k] as number) < (s[k] as number)) break;
      src -= (stride[k] as number) * (s[k] as number);
      idx[k] = 0;
    }
    if (k < 0) return out;
  }
}

/** Inputs joined along `axis`. Null unless every input is float32 or every one int32. */
export function concat(ops: WasmOps, inputs: TensorInfo[], axis: number): TensorInfo | null {
  const first = inputs[0];
  if (first === undefined) throw new Error('Tessera wasm Concat: no inputs');
  if (!bitExact(first.dtype) || inputs.some((t) => t.dtype !== first.dtype)) return null;
  const r = first.shape.length;
  const ax = axis < 0 ? axis + r : axis;
  inputs.forEach((t, i) => {
    if (t.shape.length !== r || t.shape.some((dim, j) => j !== ax && dim !== first.shape[j]))
      throw new Error(
        `Tessera wasm Concat: input ${i} [${t.shape}] does not match input 0 [${first.shape}] outside axis ${ax}`,
      );
  });
  const outShape = first.shape.slice();
  outShape[ax] = inputs.reduce((p, t) => p + (t.shape[ax] as number), 0);
  const out = ops.backend.makeOutput(outShape, first.dtype as 'float32' | 'int32');
  const outer = first.shape.slice(0, ax).reduce((p, dim) => p * dim, 1);
  const inners = inputs.map((t) => t.shape.slice(ax).reduce((p, dim) => p * dim, 1));
  const sum = inners.reduce((p, q) => p + q, 0);
  const heap = heapOf(ops);
  let at = ops.offset(out);
  inputs.forEach((t, i) => {
    const inner = inners[i] as number;
    if (inner > 0) copyRuns(heap, ops.offset(t), inner, at, sum, outer, inner);
    at += inner;
  });
  return out;
}

/** SplitV: consecutive slices of x along `axis` of the given sizes (one -1 takes the rest). */
export function splitV(ops: WasmOps, x: TensorInfo, attrs: NamedAttrMap): TensorInfo[] | null {
  if (!bitExact(x.dtype)) return null;
  const r = x.shape.length;
  const a = attrs['axis'] as number;
  const ax = a < 0 ? a + r : a;
  const dim = x.shape[ax] as number;
  const spec = attrs['numOrSizeSplits'] as number | number[];
  let sizes: number[];
  if (typeof spec === 'number') {
    if (dim % spec !== 0)
      throw new Error(
        `Tessera wasm SplitV: axis ${ax} of [${x.shape}] does not split into ${spec}`,
      );
    sizes = new Array<number>(spec).fill(dim / spec);
  } else {
    const known = spec.filter((v) => v !== -1).reduce((p, v) => p + v, 0);
    sizes = spec.map((v) => (v === -1 ? dim - known : v));
  }
  if (sizes.reduce((p, v) => p + v, 0) !== dim)
    throw new Error(
      `Tessera wasm SplitV: sizes [${sizes}] do not add up to ${dim} (x [${x.shape}])`,
    );
  const begin = new Array<number>(r).fill(0);
  return sizes.map((len) => {
    const size = x.shape.slice();
    size[ax] = len;
    const part = slice(ops, x, begin, size) as TensorInfo;
    begin[ax] = (begin[ax] as number) + len;
    return part;
  });
}
