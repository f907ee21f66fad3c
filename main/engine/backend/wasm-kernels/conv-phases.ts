// The stride-phase grid that lets a conv's filter gradient run without im2col. With x padded to
// whole phases of the stride, input row oy*s + a*d of filter tap a is row oy + floor(a*d/s) of
// phase (a*d) mod s, so every tap reads one phase shifted by a constant number of grid rows.
// Laid out channel-major, each channel's positions are one contiguous row, paired with dy placed
// on the same grid (zeros outside the output).
import type { TensorInfo } from '@tensorflow/tfjs';
import type { ConvGeometry } from './conv-geometry';
import type { WasmOps } from './wasm-ops';

export interface PhaseGrid {
  /** Grid rows and columns of one phase. */
  hs: number;
  ws: number;
  /** Grid positions of one phase: N * hs * ws. */
  rows: number;
  /** Row length in the channel-major layout: odd and >= rows (zeros after `rows`). */
  r: number;
  /** Per filter tap (row-major over kh, kw): its phase (ph * sw + pw) and its shift in grid positions. */
  taps: { phase: number; shift: number }[];
  maxShift: number;
}

export function phaseGrid(g: ConvGeometry): PhaseGrid {
  const hs = Math.ceil(((g.kh - 1) * g.dh + (g.oh - 1) * g.sh + 1) / g.sh);
  const ws = Math.ceil(((g.kw - 1) * g.dw + (g.ow - 1) * g.sw + 1) / g.sw);
  const rows = g.n * hs * ws;
  // Transposes to a power-of-two row length thrash the cache (16384: 3.6 ms instead of 1.9).
  const r = rows % 2 === 0 ? rows + 1 : rows;
  const taps: { phase: number; shift: number }[] = [];
  for (let a = 0; a < g.kh; a++) {
    for (let b = 0; b < g.kw; b++) {
      taps.push({
        phase: ((a * g.dh) % g.sh) * g.sw + ((b * g.dw) % g.sw),
        shift: Math.floor((a * g.dh) / g.sh) * ws + Math.floor((b * g.dw) / g.sw),
      });
    }
  }
  return { hs, ws, rows, r, taps, maxShift: Math.max(...taps.map((t) => t.shift)) };
}

/**
 * x [N, H, W, C] -> [sh, sw, C, R]: padded to whole phases, each channel's grid positions in a
 * row of R (zeros after). Two rank-4 native transposes and two pads.
 */
export function channelMajorPhases(
  ops: WasmOps,
  x: TensorInfo,
  g: ConvGeometry,
  grid: PhaseGrid,
): TensorInfo {
  const { hs, ws, rows, r } = grid;
  const c = g.ci;
  const xp = ops.padOrCrop(
    x,
    g.padTop,
    hs * g.sh - g.h - g.padTop,
    g.padLeft,
    ws * g.sw - g.w - g.padLeft,
  ); // [N, hs*sh, ws*sw, C]
  let byRowPhase: TensorInfo; // [sh, rows, sw, C]
  if (g.sh === 1) {
    byRowPhase = ops.reshape(xp, [1, rows, g.sw, c]);
  } else {
    const v = ops.reshape(xp, [g.n * hs, g.sh, ws, g.sw * c]);
    const t = ops.transpose(v, [1, 0, 2, 3]);
    ops.free(v);
    byRowPhase = ops.reshape(t, [g.sh, rows, g.sw, c]);
    ops.free(t);
  }
  ops.free(xp);
  const padded = ops.pad(byRowPhase, [
    [0, 0],
    [0, r - rows],
    [0, 0],
    [0, 0],
  ]);
  ops.free(byRowPhase);
  const out = ops.transpose(padded, [0, 2, 3, 1]);
  ops.free(padded);
  return out;
}

/** dy [N, OH, OW, K] on one phase's grid, row-major [R, K], zero outside [OH, OW] and after `rows`. */
export function dyOnGrid(
  ops: WasmOps,
  dy: TensorInfo,
  g: ConvGeometry,
  grid: PhaseGrid,
): TensorInfo {
  const k = dy.shape[3] as number;
  const placed = ops.padOrCrop(dy, 0, grid.hs - g.oh, 0, grid.ws - g.ow); // [N, hs, ws, K]
  const flat = ops.reshape(placed, [grid.rows, k]);
  ops.free(placed);
  if (grid.r === grid.rows) return flat;
  const out = ops.pad(flat, [
    [0, grid.r - grid.rows],
    [0, 0],
  ]);
  ops.free(flat);
  return out;
}
