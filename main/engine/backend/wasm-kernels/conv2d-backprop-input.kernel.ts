// Conv2DBackpropInput for wasm (the gradient of conv2d wrt its input, and conv2dTranspose):
// dx[n, ih, iw, ci] = sum dy[n, oh, ow, co] W[kh, kw, ci, co] over oh*s + kh - pt = ih.
// Sub-pixel (phase) decomposition: output rows with (ih + pt) mod s = r only meet taps
// kh = r + j*s, so all s*s phases are one stride-1 XNNPACK conv over dy with a rearranged
// filter [T, T, Co, s*s*Ci] (T = ceil(K/s)), followed by depth-to-space + crop on the heap.
// When s does not divide K that fused filter holds zero taps, so each phase gets its own
// conv with exactly its taps instead. For Ci <= 4: cols = dy x W^T by matmul, then col2im.
import type { TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import { convGeometry, describe, type ConvGeometry } from './conv-geometry';
import type { WasmOps } from './wasm-ops';

export function conv2dBackpropInput(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  attrs: NamedAttrMap,
): TensorInfo {
  const inputShape = attrs['inputShape'] as number[];
  const g = convGeometry('Conv2DBackpropInput', inputShape, filter.shape, {
    ...attrs,
    dilations: 1,
  });
  const d = attrs['dilations'] as number | number[] | undefined;
  if (d !== undefined && (Array.isArray(d) ? d.some((v) => v !== 1) : d !== 1)) {
    throw new Error(
      `Tessera wasm: ${describe('Conv2DBackpropInput', { dy: dy.shape, filter: filter.shape }, g)}: dilations > 1 are not supported`,
    );
  }
  if (dy.shape[0] !== g.n || dy.shape[1] !== g.oh || dy.shape[2] !== g.ow || dy.shape[3] !== g.co) {
    throw new Error(
      `Tessera wasm: ${describe('Conv2DBackpropInput', { dy: dy.shape, filter: filter.shape, input: inputShape }, g)}: dy does not match the forward output [${g.n},${g.oh},${g.ow},${g.co}]`,
    );
  }
  if (g.ci <= 4) return inputByMatMulCol2im(ops, dy, filter, g);
  if ((g.kh % g.sh !== 0 || g.kw % g.sw !== 0) && g.sh * g.sw > 1)
    return inputByPhases(ops, dy, filter, g);
  const th = Math.ceil(g.kh / g.sh);
  const tw = Math.ceil(g.kw / g.sw);
  const phases = g.sh * g.sw;
  // Phase filter F[th, tw, co, (rh*sw + rw)*Ci + ci] = W[rh + (Th-1-th)*sh, rw + (Tw-1-tw)*sw, ci, co].
  const f = ops.alloc([th, tw, g.co, phases * g.ci], true);
  const fs = ops.view(f);
  const ws = ops.view(filter);
  const outC = phases * g.ci;
  for (let a = 0; a < th; a++) {
    for (let b = 0; b < tw; b++) {
      for (let rh = 0; rh < g.sh; rh++) {
        const kh = rh + (th - 1 - a) * g.sh;
        if (kh >= g.kh) continue;
        for (let rw = 0; rw < g.sw; rw++) {
          const kw = rw + (tw - 1 - b) * g.sw;
          if (kw >= g.kw) continue;
          const chanBase = (rh * g.sw + rw) * g.ci;
          for (let c = 0; c < g.ci; c++) {
            const wBase = ((kh * g.kw + kw) * g.ci + c) * g.co;
            let o = (a * tw + b) * g.co * outC + chanBase + c;
            for (let co = 0; co < g.co; co++) {
              fs[o] = ws[wBase + co] as number;
              o += outC;
            }
          }
        }
      }
    }
  }
  const q0h = Math.floor(g.padTop / g.sh),
    q1h = Math.floor((g.h - 1 + g.padTop) / g.sh);
  const q0w = Math.floor(g.padLeft / g.sw),
    q1w = Math.floor((g.w - 1 + g.padLeft) / g.sw);
  const qh = q1h - q0h + 1,
    qw = q1w - q0w + 1;
  const pt = th - 1 - q0h,
    pb = qh + th - 1 - g.oh - pt;
  const pl = tw - 1 - q0w,
    pr = qw + tw - 1 - g.ow - pl;
  const dyc = ops.padOrCrop(dy, Math.min(0, pt), Math.min(0, pb), Math.min(0, pl), Math.min(0, pr));
  const y = ops.conv2d(
    dyc,
    f,
    [1, 1],
    [1, 1],
    [
      [0, 0],
      [Math.max(0, pt), Math.max(0, pb)],
      [Math.max(0, pl), Math.max(0, pr)],
      [0, 0],
    ],
  ); // [N, Qh, Qw, s*s*Ci]
  ops.free(dyc, f);
  if (y.shape[1] !== qh || y.shape[2] !== qw) {
    ops.free(y);
    throw new Error(
      `Tessera wasm Conv2DBackpropInput: internal shape mismatch [${y.shape}] vs ${qh}x${qw}`,
    );
  }
  if (phases === 1 && qh === g.h && qw === g.w) return y;
  const dx = depthToSpaceCrop(ops, y, g, q0h, q0w, qh, qw);
  ops.free(y);
  return dx;
}

function depthToSpaceCrop(
  ops: WasmOps,
  y: TensorInfo,
  g: ConvGeometry,
  q0h: number,
  q0w: number,
  qh: number,
  qw: number,
): TensorInfo {
  const dx = ops.alloc([g.n, g.h, g.w, g.ci]);
  const heap = ops.view(dx);
  const src = ops.view(y);
  const ci = g.ci;
  const phases = g.sh * g.sw;
  for (let n = 0; n < g.n; n++) {
    for (let ih = 0; ih < g.h; ih++) {
      const qy = Math.floor((ih + g.padTop) / g.sh);
      const rh = ih + g.padTop - qy * g.sh;
      const srcRow = (n * qh + (qy - q0h)) * qw;
      let o = (n * g.h + ih) * g.w * ci;
      for (let iw = 0; iw < g.w; iw++) {
        const qx = Math.floor((iw + g.padLeft) / g.sw);
        const rw = iw + g.padLeft - qx * g.sw;
        const s = ((srcRow + (qx - q0w)) * phases + rh * g.sw + rw) * ci;
        if (ci >= 16) {
          heap.set(src.subarray(s, s + ci), o);
          o += ci;
        } else {
          for (let c = 0; c < ci; c++) heap[o++] = src[s + c] as number;
        }
      }
    }
  }
  return dx;
}

/** One stride-1 conv per phase (rh, rw) with exactly its ceil((K - r) / s) taps; no wasted FLOPs. */
function inputByPhases(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  const dx = ops.alloc([g.n, g.h, g.w, g.ci], true);
  for (let rh = 0; rh < g.sh; rh++) {
    const th = Math.ceil((g.kh - rh) / g.sh);
    const q0h = Math.ceil((g.padTop - rh) / g.sh),
      qh = Math.floor((g.h - 1 + g.padTop - rh) / g.sh) - q0h + 1;
    if (th <= 0 || qh <= 0) continue; // no taps: those rows stay zero
    for (let rw = 0; rw < g.sw; rw++) {
      const tw = Math.ceil((g.kw - rw) / g.sw);
      const q0w = Math.ceil((g.padLeft - rw) / g.sw),
        qw = Math.floor((g.w - 1 + g.padLeft - rw) / g.sw) - q0w + 1;
      if (tw <= 0 || qw <= 0) continue;
      // F[a, b, co, ci] = W[rh + (th-1-a)*sh, rw + (tw-1-b)*sw, ci, co]
      const f = ops.alloc([th, tw, g.co, g.ci]);
      const fs = ops.view(f),
        ws = ops.view(filter);
      for (let a = 0; a < th; a++) {
        const kh = rh + (th - 1 - a) * g.sh;
        for (let b = 0; b < tw; b++) {
          const kw = rw + (tw - 1 - b) * g.sw;
          const fBase = (a * tw + b) * g.co * g.ci;
          for (let c = 0; c < g.ci; c++) {
            const wBase = ((kh * g.kw + kw) * g.ci + c) * g.co;
            for (let co = 0; co < g.co; co++) fs[fBase + co * g.ci + c] = ws[wBase + co] as number;
          }
        }
      }
      const pt = th - 1 - q0h,
        pb = qh + th - 1 - g.oh - pt;
      const pl = tw - 1 - q0w,
        pr = qw + tw - 1 - g.ow - pl;
      const dyc = ops.padOrCrop(
        dy,
        Math.min(0, pt),
        Math.min(0, pb),
        Math.min(0, pl),
        Math.min(0, pr),
      );
      const y = ops.conv2d(
        dyc,
        f,
        [1, 1],
        [1, 1],
        [
          [0, 0],
          [Math.max(0, pt), Math.max(0, pb)],
          [Math.max(0, pl), Math.max(0, pr)],
          [0, 0],
        ],
      ); // [N, qh, qw, Ci]
      ops.free(dyc, f);
      const src = ops.view(y),
        out = ops.view(dx);
      const ci = g.ci;
      for (let n = 0; n < g.n; n++) {
        for (let qy = 0; qy < qh; qy++) {
          const ih = (q0h + qy) * g.sh + rh - g.padTop;
          let s = (n * qh + qy) * qw * ci;
          for (let qx = 0; qx < qw; qx++) {
            const iw = (q0w + qx) * g.sw + rw - g.padLeft;
            out.set(src.subarray(s, s + ci), ((n * g.h + ih) * g.w + iw) * ci);
            s += ci;
          }
        }
      }
      ops.free(y);
    }
  }
  return dx;
}

/** Few input channels: cols [N*OH*OW, KH*KW*Ci] = dy x W^T on XNNPACK, then col2im (scatter-add). */
function inputByMatMulCol2im(
  ops: WasmOps,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
): TensorInfo {
  const kk = g.kh * g.kw * g.ci;
  const p = g.n * g.oh * g.ow;
  const w2 = ops.reshape(filter, [kk, g.co]);
  const wt = ops.transpose(w2, [1, 0]); // [Co, KK]
  ops.free(w2);
  const dy2 = ops.reshape(dy, [p, g.co]);
  const cols = ops.matMul(dy2, wt); // [P, KK]
  ops.free(dy2, wt);
  const dx = ops.alloc([g.n, g.h, g.w, g.ci], true);
  const cs = ops.view(cols),
    out = ops.view(dx);
  const ci = g.ci;
  let row = 0;
  for (let n = 0; n < g.n; n++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++, row += kk) {
        for (let kh = 0; kh < g.kh; kh++) {
          const ih = oy * g.sh + kh - g.padTop;
          if (ih < 0 || ih >= g.h) continue;
          for (let kw = 0; kw < g.kw; kw++) {
            const iw = ox * g.sw + kw - g.padLeft;
            if (iw < 0 || iw >= g.w) continue;
            const o = ((n * g.h + ih) * g.w + iw) * ci;
            const c0 = row + (kh * g.kw + kw) * ci;
            for (let c = 0; c < ci; c++)
              out[o + c] = (out[o + c] as number) + (cs[c0 + c] as number);
          }
        }
      }
    }
  }
  ops.free(cols);
  return dx;
}
