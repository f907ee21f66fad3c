// Depthwise conv backprops for wasm (NHWC, filter [kh, kw, c, m], output channel c*m + j), all
// on native kernels (no JavaScript loops over the data):
// dX is a stride-1 XNNPACK depthwise conv of dy, zero-inserted for strides > 1, with the filter
//   flipped; for multipliers > 1 it runs on the c*m channels and sums each channel's m outputs.
// dW splits the padded x into its stride phases once, channel-major; each filter tap is then one
//   native Multiply of a phase by a shifted view of dy laid on the same grid (zeros outside the
//   output; broadcast over m) and one XNNPACK matmul with a ones column that sums over the
//   positions. No copies per tap.
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import { convGeometry, describe, type ConvGeometry } from './conv-geometry';
import type { WasmOps } from './wasm-ops';
import { channelMajorPhases, dyOnGrid, phaseGrid } from './conv-phases';

export function depthwiseBackpropFilter(
  ops: WasmOps,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const filterShape = attrs['filterShape'] as number[];
  const g = convGeometry('DepthwiseConv2dNativeBackpropFilter', x.shape, filterShape, attrs, true);
  const m = filterShape[3] as number;
  if (
    dy.shape[0] !== g.n ||
    dy.shape[1] !== g.oh ||
    dy.shape[2] !== g.ow ||
    dy.shape[3] !== g.ci * m
  ) {
    throw new Error(
      `Tessera wasm: ${describe('DepthwiseConv2dNativeBackpropFilter', { x: x.shape, dy: dy.shape, filter: filterShape }, g)}: dy does not match the forward output [${g.n},${g.oh},${g.ow},${g.ci * m}]`,
    );
  }
  const c = g.ci,
    cm = c * m;
  const grid = phaseGrid(g);
  const { r } = grid;
  const xt = channelMajorPhases(ops, x, g, grid); // [sh, sw, C, R]
  // dy on a phase's grid, channel-major, after `lead` zeros: a tap's shifted view of it starts
  // `shift` floats early and reads zeros (the previous channel's tail or the lead) where it has
  // no partner. Row q of the grid pairs with row q + shift of x.
  const lead = grid.maxShift;
  const rowsDy = dyOnGrid(ops, dy, g, grid); // [R, C*M]
  const dyt = ops.transpose(rowsDy, [1, 0]); // [C*M, R]
  ops.free(rowsDy);
  const dyBuf = ops.alloc([lead + cm * r]);
  let heap = ops.backend.wasm.HEAPF32;
  const bo = ops.offset(dyBuf);
  heap.fill(0, bo, bo + lead);
  heap.copyWithin(bo + lead, ops.offset(dyt), ops.offset(dyt) + cm * r);
  ops.free(dyt);
  const ones = ops.alloc([r, 1]); // one packed XNNPACK "weight" for every tap's row sums
  ops.view(ones).fill(1);
  const dw = ops.alloc([g.kh * g.kw, cm]);
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const t = a * g.kw + b;
      const { phase, shift } = grid.taps[t] as { phase: number; shift: number };
      const xw = ops.alias(xt, phase * c * r, m === 1 ? [c, r] : [c, 1, r]);
      const yw = ops.alias(dyBuf, lead - shift, m === 1 ? [c, r] : [c, m, r]);
      const prod = ops.multiply(xw, yw);
      ops.releaseAlias(xw);
      ops.releaseAlias(yw);
      const prod2 = ops.reshape(prod, [cm, r]);
      ops.free(prod);
      const sum = ops.matMul(prod2, ones); // [C*M, 1]
      ops.free(prod2);
      heap = ops.backend.wasm.HEAPF32;
      const so = ops.offset(sum);
      heap.copyWithin(ops.offset(dw) + t * cm, so, so + cm);
      ops.free(sum);
    }
  }
  ops.free(xt, dyBuf, ones);
  const out = ops.reshape(dw, filterShape.slice());
  ops.free(dw);
  return out;
}

export function depthwiseBackpropInput(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const inputShape = attrs['inputShape'] as number[];
  const g = convGeometry(
    'DepthwiseConv2dNativeBackpropInput',
    inputShape,
    filter.shape,
    attrs,
    true,
  );
  const m = filter.shape[3] as number;
  if (
    dy.shape[0] !== g.n ||
    dy.shape[1] !== g.oh ||
    dy.shape[2] !== g.ow ||
    dy.shape[3] !== g.ci * m
  ) {
    throw new Error(
      `Tessera wasm: ${describe('DepthwiseConv2dNativeBackpropInput', { dy: dy.shape, filter: filter.shape, input: inputShape }, g)}: dy does not match the forward output [${g.n},${g.oh},${g.ow},${g.ci * m}]`,
    );
  }
  const spread = g.sh === 1 && g.sw === 1 ? null : zeroInserted(ops, dy, g.sh, g.sw);
  const src = spread ?? dy;
  const dxm = flippedDepthwise(ops, src, filter, g, src.shape[1] as number, src.shape[2] as number);
  if (spread !== null) ops.free(spread);
  if (m === 1) return dxm;
  // [N, H, W, C*M] -> sum over each channel's M outputs.
  const rows = ops.reshape(dxm, [g.n * g.h * g.w * g.ci, m]);
  ops.free(dxm);
  const summed = ops.sumLastAxis(rows);
  ops.free(rows);
  const dx = ops.reshape(summed, [g.n, g.h, g.w, g.ci]);
  ops.free(summed);
  return dx;
}

/** dy [N, OH, OW, K] -> [N, OH*sh, OW*sw, K] with dy at the multiples of the strides, zeros between. */
function zeroInserted(ops: WasmOps, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  const [n, oh, ow, k] = dy.shape as [number, number, number, number];
  const r = ops.reshape(dy, [n, oh, 1, ow, 1, k]);
  const padded = ops.pad(r, [
    [0, 0],
    [0, 0],
    [0, sh - 1],
    [0, 0],
    [0, sw - 1],
    [0, 0],
  ]);
  ops.free(r);
  const out = ops.reshape(padded, [n, oh * sh, ow * sw, k]);
  ops.free(padded);
  return out;
}

/**
 * dx[i] = sum_j dy'[i + pad - j*d] W[j] for the stride-1 (possibly zero-inserted) dy' of length
 * `lh` x `lw`: a depthwise correlation with W flipped, on all C*M channels of dy'.
 */
function flippedDepthwise(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  lh: number,
  lw: number,
): TensorInfo {
  const cm = dy.shape[3] as number;
  const flipped = ops.alloc([g.kh, g.kw, cm, 1]);
  const fs = ops.view(flipped),
    ws = ops.view(filter);
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const from = ((g.kh - 1 - a) * g.kw + (g.kw - 1 - b)) * cm;
      fs.set(ws.subarray(from, from + cm), (a * g.kw + b) * cm);
    }
  }
  const pt = (g.kh - 1) * g.dh - g.padTop,
    pb = g.h - lh + (g.kh - 1) * g.dh - pt;
  const pl = (g.kw - 1) * g.dw - g.padLeft,
    pr = g.w - lw + (g.kw - 1) * g.dw - pl;
  const dyc = ops.padOrCrop(dy, Math.min(0, pt), Math.min(0, pb), Math.min(0, pl), Math.min(0, pr));
  const dx = ops.depthwise(
    dyc,
    flipped,
    [g.dh, g.dw],
    [
      [0, 0],
      [Math.max(0, pt), Math.max(0, pb)],
      [Math.max(0, pl), Math.max(0, pr)],
      [0, 0],
    ],
  );
  ops.free(dyc, flipped);
  if (dx.shape[1] !== g.h || dx.shape[2] !== g.w) {
    ops.free(dx);
    throw new Error(
      `Tessera wasm DepthwiseConv2dNativeBackpropInput: internal shape mismatch [${dx.shape}] vs ${g.h}x${g.w}`,
    );
  }
  return dx;
}
