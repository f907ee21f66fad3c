// BatchMatMul for wasm: the stock kernel takes XNNPACK only without transposes and with
// batch 1, else a scalar loop. Transpose explicitly (native transpose), then fold a's
// batch into rows when b is unbatched, so gradients of dense layers use XNNPACK too.
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import type { WasmOps } from './wasm-ops';

function swapLast(ops: WasmOps, t: TensorInfo): TensorInfo {
  const r = t.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return ops.transpose(t, perm);
}

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/**
 * Batched matmuls: below `smallBatchFlops` FLOPs per batch entry they stay on the stock scalar
 * loop, whose ~2 GFLOP/s beats XNNPACK's per-call set-up only for tiny products; `alignRows`
 * copies misaligned batches of a to an aligned scratch (both measured in bench-batch-matmul.ts,
 * which switches them to compare).
 */
export const batchMatMulOptions = { smallBatchFlops: 16 * 1024, alignRows: true };

export function batchMatMul(
  ops: WasmOps,
  a: TensorInfo,
  b: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(
      `Tessera wasm BatchMatMul: only float32, got ${a.dtype} [${a.shape}] x ${b.dtype} [${b.shape}]`,
    );
  }
  const ta = attrs['transposeA'] === true;
  const tb = attrs['transposeB'] === true;
  const ra0 = a.shape.length,
    rb0 = b.shape.length;
  const m0 = a.shape[ta ? ra0 - 1 : ra0 - 2] as number,
    k0 = a.shape[ta ? ra0 - 2 : ra0 - 1] as number;
  const n0 = b.shape[tb ? rb0 - 2 : rb0 - 1] as number;
  if (size(b.shape.slice(0, -2)) > 1 && 2 * m0 * n0 * k0 < batchMatMulOptions.smallBatchFlops) {
    // Many tiny matmuls (attention heads): XNNPACK's per-call set-up costs more than the stock loop.
    return ops.stockMatMul(a, b, ta, tb);
  }
  const at = ta ? swapLast(ops, a) : a;
  const bt = tb ? swapLast(ops, b) : b;
  try {
    const ra = at.shape.length,
      rb = bt.shape.length;
    const m = at.shape[ra - 2] as number,
      k = at.shape[ra - 1] as number;
    const k2 = bt.shape[rb - 2] as number,
      n = bt.shape[rb - 1] as number;
    if (k !== k2) {
      throw new Error(
        `Tessera wasm BatchMatMul: inner dimensions differ: a [${a.shape}] (transposeA ${ta}) x b [${b.shape}] (transposeB ${tb})`,
      );
    }
    const batchA = at.shape.slice(0, -2),
      batchB = bt.shape.slice(0, -2);
    if (size(batchB) === 1) {
      // Fold a's batch into rows: [(batchA) * M, K] x [K, N].
      const a2 = ops.reshape(at, [size(batchA) * m, k]);
      const b2 = ops.reshape(bt, [k, n]);
      const prod = ops.matMul(a2, b2);
      ops.free(a2, b2);
      const outBatch = batchA.length >= batchB.length ? batchA : batchB;
      const out = ops.reshape(prod, [...outBatch, m, n]);
      ops.free(prod);
      return out;
    }
    if (size(batchA) === 1 || size(batchA) === size(batchB))
      return perBatch(ops, at, bt, batchA, batchB, m, k, n);
    return ops.matMul(at, bt);
  } finally {
    if (ta) ops.free(at);
    if (tb) ops.free(bt);
  }
}

/** Batched b: one XNNPACK matmul per batch on zero-copy views, results copied into place. */
function perBatch(
  ops: WasmOps,
  a: TensorInfo,
  b: TensorInfo,
  batchA: number[],
  batchB: number[],
  m: number,
  k: number,
  n: number,
): TensorInfo {
  const nb = size(batchB);
  const aBatched = size(batchA) !== 1;
  const outBatch = batchA.length >= batchB.length && aBatched ? batchA : batchB;
  const out = ops.alloc([...outBatch, m, n]);
  // XNNPACK reads a batch's rows of a 2.7x slower when they start off a 16-byte boundary
  // ([128, 49, 49] attention probabilities: 4.7 ms vs 1.7 for [128, 48, 48]); such batches
  // are copied to an aligned scratch matrix first.
  const scratch =
    batchMatMulOptions.alignRows && aBatched && (m * k) % 4 !== 0 ? ops.alloc([m, k]) : null;
  for (let i = 0; i < nb; i++) {
    let ai: TensorInfo;
    if (scratch !== null) {
      const heap = ops.backend.wasm.HEAPF32;
      const from = ops.offset(a) + i * m * k;
      heap.copyWithin(ops.offset(scratch), from, from + m * k);
      ai = scratch;
    } else {
      ai = ops.alias(a, aBatched ? i * m * k : 0, [m, k]);
    }
    const bi = ops.alias(b, i * k * n, [k, n]);
    const prod = ops.matMul(ai, bi);
    if (ai !== scratch) ops.releaseAlias(ai);
    ops.releaseAlias(bi);
    ops.view(out).set(ops.view(prod), i * m * n);
    ops.free(prod);
  }
  if (scratch !== null) ops.free(scratch);
  return out;
}
