// Transpose for wasm: the stock kernel is fast up to rank 4 (~3 ns/element) but takes a generic
// path at rank 5+ (~300 ns/element; attention's [b, t, 3, h, d] -> [3, b, h, t, d]). Drop size-1
// dims, merge dims that stay adjacent, hand rank <= 4 to the stock kernel, and copy higher
// ranks on the heap in contiguous runs.
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops';

/** Shape and perm with size-1 dims removed and adjacent kept-in-order dims merged. */
export function simplifyTranspose(
  shape: readonly number[],
  perm: readonly number[],
): { shape: number[]; perm: number[] } {
  const keep = shape.map((d, i) => (d === 1 ? -1 : i));
  let p = perm.filter((a) => keep[a] !== -1);
  let s = shape.filter((d) => d !== 1);
  // Renumber the kept axes 0..r-1.
  const order = [...p].sort((a, b) => a - b);
  p = p.map((a) => order.indexOf(a));
  for (let merged = true; merged;) {
    merged = false;
    for (let j = 0; j + 1 < p.length; j++) {
      const a = p[j] as number;
      if (p[j + 1] === a + 1) {
        s = [...s.slice(0, a), (s[a] as number) * (s[a + 1] as number), ...s.slice(a + 2)];
        p = p.filter((_, k) => k !== j + 1).map((v) => (v > a ? v - 1 : v));
        merged = true;
        break;
      }
    }
  }
  return { shape: s, perm: p };
}

export function transpose(ops: WasmOps, x: TensorInfo, attrs: NamedAttrMap): TensorInfo | null {
  const perm = attrs['perm'] as number[];
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return null;
  const simple = simplifyTranspose(x.shape, perm);
  if (simple.shape.length <= 4) return null; // the stock kernel is fast here
  const outShape = perm.map((a) => x.shape[a] as number);
  const out = ops.backend.makeOutput(outShape, x.dtype);
  const src = ops.view(x),
    dst = ops.view(out);
  const { shape, perm: p } = simple;
  const r = shape.length;
  const inStride = new Array<number>(r).fill(1);
  for (let i = r - 2; i >= 0; i--)
    inStride[i] = (inStride[i + 1] as number) * (shape[i + 1] as number);
  const run = p[r - 1] === r - 1 ? (shape[r - 1] as number) : 1; // contiguous inner run
  const dims = run > 1 ? r - 1 : r;
  const oShape = p.slice(0, dims).map((a) => shape[a] as number);
  const oStride = p.slice(0, dims).map((a) => inStride[a] as number);
  const idx = new Array<number>(dims).fill(0);
  const total = dst.length;
  let inOff = 0;
  for (let o = 0; o < total; o += run) {
    if (run > 1) dst.set(src.subarray(inOff, inOff + run), o);
    else dst[o] = src[inOff] as number;
    for (let d = dims - 1; d >= 0; d--) {
      idx[d] = (idx[d] as number) + 1;
      inOff += oStride[d] as number;
      if ((idx[d] as number) < (oShape[d] as number)) break;
      inOff -= (oStride[d] as number) * (oShape[d] as number);
      idx[d] = 0;
    }
  }
  return out;
}
