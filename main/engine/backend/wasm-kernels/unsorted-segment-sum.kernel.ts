// UnsortedSegmentSum for wasm (gather's gradient: embeddings, codebooks): a scatter-add
// over the wasm heap, out[ids[i], :] += x[i, :].
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops';

export function unsortedSegmentSum(
  ops: WasmOps,
  x: TensorInfo,
  segmentIds: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const numSegments = attrs['numSegments'] as number;
  if (x.dtype !== 'float32' || segmentIds.dtype !== 'int32') {
    throw new Error(
      `Tessera wasm UnsortedSegmentSum: needs float32 data and int32 ids, got ${x.dtype} [${x.shape}] and ${segmentIds.dtype} [${segmentIds.shape}]`,
    );
  }
  const idRank = segmentIds.shape.length;
  for (let i = 0; i < idRank; i++) {
    if (segmentIds.shape[i] !== x.shape[i]) {
      throw new Error(
        `Tessera wasm UnsortedSegmentSum: segmentIds [${segmentIds.shape}] must be a prefix of x [${x.shape}]`,
      );
    }
  }
  const inner = x.shape.slice(idRank).reduce((a, b) => a * b, 1);
  const out = ops.alloc([numSegments, ...x.shape.slice(idRank)], true);
  const ids = ops.intView(segmentIds);
  const xs = ops.view(x);
  const os = ops.view(out);
  for (let i = 0; i < ids.length; i++) {
    const seg = ids[i] as number;
    if (seg < 0 || seg >= numSegments) continue; // tf drops out-of-range ids
    const src = i * inner,
      dst = seg * inner;
    for (let j = 0; j < inner; j++) os[dst + j] = (os[dst + j] as number) + (xs[src + j] as number);
  }
  return out;
}
