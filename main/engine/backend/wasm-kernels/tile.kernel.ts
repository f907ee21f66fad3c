// Tile for wasm by block copies on the heap (the stock kernel costs ~120 ns per element).
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops';

export function tile(ops: WasmOps, x: TensorInfo, attrs: NamedAttrMap): TensorInfo | null {
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return null; // caller falls back to stock
  const reps = attrs['reps'] as number[];
  const xs = x.shape;
  const r = xs.length;
  if (reps.length !== r)
    throw new Error(`Tessera wasm Tile: reps [${reps}] must match the rank of x [${xs}]`);
  const outShape = xs.map((d, i) => d * (reps[i] as number));
  const out = ops.backend.makeOutput(outShape, x.dtype);
  if (r === 0) {
    ops.view(out).set(ops.view(x));
    return out;
  }
  const src = ops.view(x);
  const dst = ops.view(out);
  const xStride = new Array<number>(r).fill(1);
  const oStride = new Array<number>(r).fill(1);
  for (let i = r - 2; i >= 0; i--) {
    xStride[i] = (xStride[i + 1] as number) * (xs[i + 1] as number);
    oStride[i] = (oStride[i + 1] as number) * (outShape[i + 1] as number);
  }
  const fill = (dim: number, xOff: number, oOff: number): void => {
    const len = xs[dim] as number;
    if (dim === r - 1) {
      dst.set(src.subarray(xOff, xOff + len), oOff);
    } else {
      for (let i = 0; i < len; i++)
        fill(dim + 1, xOff + i * (xStride[dim] as number), oOff + i * (oStride[dim] as number));
    }
    const block = len * (dim === r - 1 ? 1 : (oStride[dim] as number));
    for (let k = 1; k < (reps[dim] as number); k++)
      dst.copyWithin(oOff + k * block, oOff, oOff + block);
  };
  fill(0, 0, 0);
  return out;
}
