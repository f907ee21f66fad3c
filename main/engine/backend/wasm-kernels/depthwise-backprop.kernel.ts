// Depthwise conv backprops for wasm (NHWC, filter [kh, kw, c, m], output channel c*m + j).
// dX with stride 1 and multiplier 1 is the XNNPACK depthwise forward of dy with the filter
// flipped (~20x faster than a loop); other cases and dW are direct loops over the heap
// (a batch-as-channels depthwise trick for dW measured no faster).
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import { convGeometry, describe, type ConvGeometry } from './conv-geometry';
import type { WasmOps } from './wasm-ops';

export function depthwiseBackpropFilter(
  ops: WasmOps,
  x: TensorInfo,
  dy: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const filterShape = attrs['filterShape'] as number[];
  const g = convGeometry('DepthwiseConv2dNativeBackpropFilter', x.shape, filterShape, attrs, true);
  const m = filterShape[3] as number;
  if (dy.shape[1] !== g.oh || dy.shape[2] !== g.ow || dy.shape[3] !== g.ci * m) {
    throw new Error(
      `Tessera wasm: ${describe('DepthwiseConv2dNativeBackpropFilter', { x: x.shape, dy: dy.shape, filter: filterShape }, g)}: dy does not match the forward output`,
    );
  }
  const dw = ops.alloc(filterShape.slice(), true);
  const xs = ops.view(x),
    ds = ops.view(dy),
    ws = ops.view(dw);
  const c = g.ci,
    cm = c * m;
  for (let n = 0; n < g.n; n++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++) {
        const dBase = ((n * g.oh + oy) * g.ow + ox) * cm;
        for (let kh = 0; kh < g.kh; kh++) {
          const iy = oy * g.sh + kh * g.dh - g.padTop;
          if (iy < 0 || iy >= g.h) continue;
          for (let kw = 0; kw < g.kw; kw++) {
            const ix = ox * g.sw + kw * g.dw - g.padLeft;
            if (ix < 0 || ix >= g.w) continue;
            const xBase = ((n * g.h + iy) * g.w + ix) * c;
            const wBase = (kh * g.kw + kw) * cm;
            if (m === 1) {
              for (let ch = 0; ch < c; ch++)
                ws[wBase + ch] =
                  (ws[wBase + ch] as number) +
                  (xs[xBase + ch] as number) * (ds[dBase + ch] as number);
            } else {
              for (let ch = 0; ch < c; ch++) {
                const xv = xs[xBase + ch] as number;
                for (let j = 0; j < m; j++) {
                  const k = ch * m + j;
                  ws[wBase + k] = (ws[wBase + k] as number) + xv * (ds[dBase + k] as number);
                }
              }
            }
          }
        }
      }
    }
  }
  return dw;
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
  if (dy.shape[1] !== g.oh || dy.shape[2] !== g.ow || dy.shape[3] !== g.ci * m) {
    throw new Error(
      `Tessera wasm: ${describe('DepthwiseConv2dNativeBackpropInput', { dy: dy.shape, filter: filter.shape, input: inputShape }, g)}: dy does not match the forward output`,
    );
  }
  if (m === 1 && g.sh === 1 && g.sw === 1) return inputByFlippedDepthwise(ops, dy, filter, g);
  const dx = ops.alloc(inputShape.slice(), true);
  const xs = ops.view(dx),
    ds = ops.view(dy),
    ws = ops.view(filter);
  const c = g.ci,
    cm = c * m;
  for (let n = 0; n < g.n; n++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++) {
        const dBase = ((n * g.oh + oy) * g.ow + ox) * cm;
        for (let kh = 0; kh < g.kh; kh++) {
          const iy = oy * g.sh + kh * g.dh - g.padTop;
          if (iy < 0 || iy >= g.h) continue;
          for (let kw = 0; kw < g.kw; kw++) {
            const ix = ox * g.sw + kw * g.dw - g.padLeft;
            if (ix < 0 || ix >= g.w) continue;
            const xBase = ((n * g.h + iy) * g.w + ix) * c;
            const wBase = (kh * g.kw + kw) * cm;
            for (let ch = 0; ch < c; ch++) {
              let acc = 0;
              for (let j = 0; j < m; j++)
                acc += (ds[dBase + ch * m + j] as number) * (ws[wBase + ch * m + j] as number);
              xs[xBase + ch] = (xs[xBase + ch] as number) + acc;
            }
          }
        }
      }
    }
  }
  return dx;
}

/** Stride 1, multiplier 1: dx[i] = sum_j dy[i + pt - j*d] W[j], a depthwise correlation with W flipped. */
function inputByFlippedDepthwise(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  const flipped = ops.alloc([g.kh, g.kw, g.ci, 1]);
  const fs = ops.view(flipped),
    ws = ops.view(filter);
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      const src = ((g.kh - 1 - a) * g.kw + (g.kw - 1 - b)) * g.ci;
      fs.set(ws.subarray(src, src + g.ci), (a * g.kw + b) * g.ci);
    }
  }
  const pt = (g.kh - 1) * g.dh - g.padTop,
    pb = g.h - g.oh + (g.kh - 1) * g.dh - pt;
  const pl = (g.kw - 1) * g.dw - g.padLeft,
    pr = g.w - g.ow + (g.kw - 1) * g.dw - pl;
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
