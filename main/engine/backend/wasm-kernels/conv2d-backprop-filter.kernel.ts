// Conv2DBackpropFilter for wasm: dW[kh,kw,ci,co] = sum_{n,oh,ow} x[n, oh*s+kh*d-pt, ow*s+kw*d-pl, ci] dy[n,oh,ow,co].
// Ci > 4, kernels of 4x4 and up: run it as a forward XNNPACK conv with batch and channels swapped
//   (x -> [Ci,H,W,N] as input, dy -> [OH,OW,N,Co] as filter, stride -> dilation).
// Ci > 4, smaller kernels: im2col with the batch folded into rows, in chunks, one matmul each.
// Ci <= 4: build im2col [KH*KW*Ci, N*OH*OW] on the heap and do one matmul with dy [N*OH*OW, Co].
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import { convGeometry, describe, type ConvGeometry } from './conv-geometry';
import type { WasmOps } from './wasm-ops';

export function conv2dBackpropFilter(
  ops: WasmOps,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const filterShape = attrs['filterShape'] as number[];
  const g = convGeometry('Conv2DBackpropFilter', x.shape, filterShape, attrs);
  if (dy.shape[1] !== g.oh || dy.shape[2] !== g.ow || dy.shape[3] !== g.co || dy.shape[0] !== g.n) {
    throw new Error(
      `Tessera wasm: ${describe('Conv2DBackpropFilter', { x: x.shape, dy: dy.shape, filter: filterShape }, g)}: dy does not match the forward output [${g.n},${g.oh},${g.ow},${g.co}]`,
    );
  }
  if (g.ci <= 4) return filterByIm2col(ops, x, dy, g);
  const m =
    filterMethod.method === 'auto'
      ? g.kh * g.kw >= 16 || g.co <= 4
        ? 'conv'
        : 'rows'
      : filterMethod.method;
  if (m === 'conv') return filterByConv(ops, x, dy, g);
  // 600-1500 rows per chunk measured alike (300 and 3000 slower; chunks scaled up for 1x1 and
  // few channels measured no better); cap a chunk at 4M floats.
  const chunk = Math.max(
    16,
    Math.min(filterMethod.chunk, Math.floor((1 << 22) / (g.kh * g.kw * g.ci))),
  );
  return filterByRows(ops, x, dy, g, chunk);
}

/**
 * Which formulation runs for Ci > 4. 'auto': the conv trick for kernels of 4x4 and up (there it
 * matched or beat im2col) and for at most 4 output channels (a UNet's 3x3 16 -> 1 output conv:
 * 0.62-0.69x the forward vs 0.33-0.35x by rows, whose matmul is one column wide), im2col by rows
 * otherwise (3x3: 1.2-1.4x faster than the conv trick, interleaved). The bench (filter-bench.ts)
 * switches it to compare.
 */
export const filterMethod: { method: 'auto' | 'conv' | 'rows'; chunk: number } = {
  method: 'auto',
  chunk: 1000,
};

/**
 * im2col with the batch folded into rows, in chunks of rows: cols [rows, KH*KW*Ci] is built by
 * heap copies of contiguous (KW taps x Ci) runs of x, transposed (native) to [KKCi, rows], and
 * one XNNPACK matmul on the non-transposed path gives the chunk's dW [KKCi, Co]; chunks add up.
 * Chunk lengths avoid multiples of 16 (a power-of-two row stride makes the transpose thrash).
 */
function filterByRows(
  ops: WasmOps,
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  chunkRows: number,
): TensorInfo {
  const { h, w, ci, oh: OH, ow: OW, kh: KH, kw: KW } = g;
  const p = g.n * OH * OW;
  const kk = KH * KW * ci;
  const nChunks = Math.ceil(p / chunkRows);
  let c = Math.ceil(p / nChunks);
  if (c % 16 === 0) c = c < p ? c + 1 : (c >> 1) + 1; // one chunk of a power-of-two length: split in two
  const run = KW * ci;
  const pointwise =
    KH === 1 &&
    KW === 1 &&
    g.sh === 1 &&
    g.sw === 1 &&
    g.padTop === 0 &&
    g.padLeft === 0 &&
    OH === h &&
    OW === w;
  let acc: TensorInfo | null = null;
  for (let p0 = 0; p0 < p; p0 += c) {
    const rows = Math.min(c, p - p0);
    if (pointwise) {
      // 1x1, stride 1, no padding: x's rows are the im2col rows already.
      const xr = ops.alias(x, p0 * ci, [rows, ci]);
      const colsT = ops.transpose(xr, [1, 0]); // [Ci, rows]
      ops.releaseAlias(xr);
      acc = addChunk(ops, acc, colsT, dy, p0, rows, g.co);
      continue;
    }
    const cols = ops.alloc([rows, kk]);
    const heap = new Float32Array(ops.backend.wasm.HEAPU8.buffer);
    const xo = ops.offset(x);
    let o = ops.offset(cols);
    for (let r = p0; r < p0 + rows; r++) {
      const ox = r % OW,
        t = (r - ox) / OW,
        oy = t % OH,
        n = (t - oy) / OH;
      const xn = xo + n * h * w * ci;
      const ix0 = ox * g.sw - g.padLeft;
      for (let kh = 0; kh < KH; kh++) {
        const iy = oy * g.sh + kh * g.dh - g.padTop;
        if (iy < 0 || iy >= h) {
          heap.fill(0, o, o + run);
          o += run;
          continue;
        }
        const xr = xn + iy * w * ci;
        if (g.dw === 1) {
          const k0 = Math.max(0, -ix0),
            k1 = Math.min(KW, w - ix0);
          if (k1 <= k0) {
            heap.fill(0, o, o + run);
          } else {
            if (k0 > 0) heap.fill(0, o, o + k0 * ci);
            heap.copyWithin(o + k0 * ci, xr + (ix0 + k0) * ci, xr + (ix0 + k1) * ci);
            if (k1 < KW) heap.fill(0, o + k1 * ci, o + run);
          }
        } else {
          for (let kw = 0; kw < KW; kw++) {
            const ix = ix0 + kw * g.dw;
            const d = o + kw * ci;
            if (ix < 0 || ix >= w) heap.fill(0, d, d + ci);
            else heap.copyWithin(d, xr + ix * ci, xr + (ix + 1) * ci);
          }
        }
        o += run;
      }
    }
    const colsT = ops.transpose(cols, [1, 0]); // [KKCi, rows]
    ops.free(cols);
    acc = addChunk(ops, acc, colsT, dy, p0, rows, g.co);
  }
  if (acc === null) throw new Error('Tessera wasm Conv2DBackpropFilter: empty batch');
  const dw = ops.reshape(acc, [KH, KW, ci, g.co]);
  ops.free(acc);
  return dw;
}

/** acc + colsT [KKCi, rows] x dy's rows p0.. [rows, Co]; frees colsT; returns the new acc. */
function addChunk(
  ops: WasmOps,
  acc: TensorInfo | null,
  colsT: TensorInfo,
  dy: TensorInfo,
  p0: number,
  rows: number,
  co: number,
): TensorInfo {
  const dyc = ops.alias(dy, p0 * co, [rows, co]);
  const part = ops.matMul(colsT, dyc); // [KKCi, Co]
  ops.releaseAlias(dyc);
  ops.free(colsT);
  if (acc === null) return part;
  const hp = ops.backend.wasm.HEAPF32;
  const ao = ops.offset(acc),
    po = ops.offset(part);
  const n = part.shape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < n; i++) hp[ao + i] = (hp[ao + i] as number) + (hp[po + i] as number);
  ops.free(part);
  return acc;
}

function filterByConv(ops: WasmOps, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  // Rows of padded x the correlation needs: (KH-1)*d + (OH-1)*s + 1 starting at -padTop.
  const needH = (g.kh - 1) * g.dh + (g.oh - 1) * g.sh + 1;
  const needW = (g.kw - 1) * g.dw + (g.ow - 1) * g.sw + 1;
  const padBottom = needH - g.h - g.padTop;
  const padRight = needW - g.w - g.padLeft;
  // Crop first (negative pads), pad inside the conv (explicit padding, no copy).
  const xc = ops.padOrCrop(
    x,
    Math.min(0, g.padTop),
    Math.min(0, padBottom),
    Math.min(0, g.padLeft),
    Math.min(0, padRight),
  );
  const xt = ops.transpose(xc, [3, 1, 2, 0]); // [Ci, H', W', N]
  ops.free(xc);
  const dyt = ops.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, Co]
  const out = ops.conv2d(
    xt,
    dyt,
    [g.dh, g.dw],
    [g.sh, g.sw],
    [
      [0, 0],
      [Math.max(0, g.padTop), Math.max(0, padBottom)],
      [Math.max(0, g.padLeft), Math.max(0, padRight)],
      [0, 0],
    ],
  ); // [Ci, KH, KW, Co]
  ops.free(xt, dyt);
  if (out.shape[1] !== g.kh || out.shape[2] !== g.kw) {
    ops.free(out);
    throw new Error(
      `Tessera wasm Conv2DBackpropFilter: internal shape mismatch ${out.shape} for filter ${g.kh}x${g.kw}`,
    );
  }
  const dw = ops.transpose(out, [1, 2, 0, 3]);
  ops.free(out);
  return dw;
}

function filterByIm2col(ops: WasmOps, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const rows = g.kh * g.kw * g.ci;
  const p = g.n * g.oh * g.ow;
  const cols = ops.alloc([rows, p]);
  const xs = ops.view(x);
  const cs = ops.view(cols);
  const { h, w, ci, oh: OH, ow: OW } = g;
  for (let kh = 0; kh < g.kh; kh++) {
    for (let kw = 0; kw < g.kw; kw++) {
      for (let c = 0; c < ci; c++) {
        let o = ((kh * g.kw + kw) * ci + c) * p;
        for (let n = 0; n < g.n; n++) {
          for (let oy = 0; oy < OH; oy++) {
            const iy = oy * g.sh + kh * g.dh - g.padTop;
            if (iy < 0 || iy >= h) {
              cs.fill(0, o, o + OW);
              o += OW;
              continue;
            }
            const rowBase = (n * h + iy) * w;
            for (let ox = 0; ox < OW; ox++) {
              const ix = ox * g.sw + kw * g.dw - g.padLeft;
              cs[o++] = ix >= 0 && ix < w ? (xs[(rowBase + ix) * ci + c] as number) : 0;
            }
          }
        }
      }
    }
  }
  const dy2 = ops.reshape(dy, [p, g.co]);
  const prod = ops.matMul(cols, dy2); // [KH*KW*Ci, Co]
  ops.free(cols, dy2);
  const dw = ops.reshape(prod, [g.kh, g.kw, g.ci, g.co]);
  ops.free(prod);
  return dw;
}
