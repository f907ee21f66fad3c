// Conv2DBackpropFilter for wasm: dW[kh,kw,ci,co] = sum_{n,oh,ow} x[n, oh*s+kh*d-pt, ow*s+kw*d-pl, ci] dy[n,oh,ow,co].
// Ci > 4: run it as a forward XNNPACK conv with batch and channels swapped
//   (x -> [Ci,H,W,N] as input, dy -> [OH,OW,N,Co] as filter, stride -> dilation).
// Ci <= 4: build im2col [KH*KW*Ci, N*OH*OW] on the heap and do one matmul with dy [N*OH*OW, Co].
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import { convGeometry, describe, type ConvGeometry } from './conv-geometry';
import type { WasmOps } from './wasm-ops';

export function conv2dBackpropFilter(ops: WasmOps, x: TensorInfo, dy: TensorInfo, attrs: NamedAttrMap): TensorInfo {
  const filterShape = attrs['filterShape'] as number[];
  const g = convGeometry('Conv2DBackpropFilter', x.shape, filterShape, attrs);
  if (dy.shape[1] !== g.oh || dy.shape[2] !== g.ow || dy.shape[3] !== g.co || dy.shape[0] !== g.n) {
    throw new Error(`Tessera wasm: ${describe('Conv2DBackpropFilter', { x: x.shape, dy: dy.shape, filter: filterShape }, g)}: dy does not match the forward output [${g.n},${g.oh},${g.ow},${g.co}]`);
  }
  return g.ci <= 4 ? filterByIm2col(ops, x, dy, g) : filterByConv(ops, x, dy, g);
}

function filterByConv(ops: WasmOps, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  // Rows of padded x the correlation needs: (KH-1)*d + (OH-1)*s + 1 starting at -padTop.
  const needH = (g.kh - 1) * g.dh + (g.oh - 1) * g.sh + 1;
  const needW = (g.kw - 1) * g.dw + (g.ow - 1) * g.sw + 1;
  const padBottom = needH - g.h - g.padTop;
  const padRight = needW - g.w - g.padLeft;
  // Crop first (negative pads), pad inside the conv (explicit padding, no copy).
  const xc = ops.padOrCrop(x, Math.min(0, g.padTop), Math.min(0, padBottom), Math.min(0, g.padLeft), Math.min(0, padRight));
  const xt = ops.transpose(xc, [3, 1, 2, 0]); // [Ci, H', W', N]
  ops.free(xc);
  const dyt = ops.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, Co]
  const out = ops.conv2d(xt, dyt, [g.dh, g.dw], [g.sh, g.sw], [
    [0, 0],
    [Math.max(0, g.padTop), Math.max(0, padBottom)],
    [Math.max(0, g.padLeft), Math.max(0, padRight)],
    [0, 0],
  ]); // [Ci, KH, KW, Co]
  ops.free(xt, dyt);
  if (out.shape[1] !== g.kh || out.shape[2] !== g.kw) {
    ops.free(out);
    throw new Error(`Tessera wasm Conv2DBackpropFilter: internal shape mismatch ${out.shape} for filter ${g.kh}x${g.kw}`);
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
