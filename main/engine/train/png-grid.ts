// Image grids as PNG (pngjs): tiles of B x H x W x C images in [0, 1] or [-1, 1], and a bar
// chart for codebook usage.
import { PNG } from 'pngjs';

export interface ImageBatch {
  data: Float32Array;
  count: number;
  height: number;
  width: number;
  channels: number;
}

const PAD = 2;

/**
 * Tiles images row by row, `cols` per row, 2-px gaps. The first batch decides the value range for
 * all (so an output is drawn on its input's scale): any value below -0.5 means [-1, 1], else [0, 1].
 */
export const renderGrid = (batches: ImageBatch[], cols: number, scale = 2): Buffer => {
  const tiles: { b: ImageBatch; i: number }[] = [];
  const n = Math.max(...batches.map((b) => b.count));
  // Interleave the sources per example: input, reconstruction, input, reconstruction ...
  for (let i = 0; i < n; i++) for (const b of batches) if (i < b.count) tiles.push({ b, i });
  const h = Math.max(...batches.map((b) => b.height));
  const w = Math.max(...batches.map((b) => b.width));
  const rows = Math.ceil(tiles.length / cols);
  const png = new PNG({
    width: cols * (w * scale + PAD) + PAD,
    height: rows * (h * scale + PAD) + PAD,
  });
  png.data.fill(255);
  const signed = batches[0]?.data.some((v) => v < -0.5) ?? false;
  tiles.forEach(({ b, i }, t) => {
    const x0 = PAD + (t % cols) * (w * scale + PAD);
    const y0 = PAD + Math.floor(t / cols) * (h * scale + PAD);
    for (let y = 0; y < b.height * scale; y++)
      for (let x = 0; x < b.width * scale; x++) {
        const base =
          ((i * b.height + Math.floor(y / scale)) * b.width + Math.floor(x / scale)) * b.channels;
        const px = ((y0 + y) * png.width + x0 + x) * 4;
        for (let ch = 0; ch < 3; ch++) {
          let v = b.data[base + (b.channels >= 3 ? ch : 0)] ?? 0;
          if (signed) v = (v + 1) / 2;
          png.data[px + ch] = Math.round(Math.min(1, Math.max(0, v)) * 255);
        }
        png.data[px + 3] = 255;
      }
  });
  return PNG.sync.write(png);
};

/** Bar chart of counts (one bar per code), 100 px tall. */
export const renderBars = (counts: readonly number[], barWidth = 3): Buffer => {
  const height = 100;
  const png = new PNG({ width: Math.max(1, counts.length * barWidth), height });
  png.data.fill(255);
  const max = Math.max(1, ...counts);
  counts.forEach((c, i) => {
    const h = Math.round((c / max) * (height - 1));
    for (let y = height - h; y < height; y++)
      for (let x = i * barWidth; x < (i + 1) * barWidth - (barWidth > 1 ? 1 : 0); x++) {
        const p = (y * png.width + x) * 4;
        png.data[p] = 40;
        png.data[p + 1] = 90;
        png.data[p + 2] = 200;
      }
  });
  return PNG.sync.write(png);
};

/** A 0/1 matrix, row-major (a MADE mask: rows = fan-in, cols = fan-out). */
export interface BitMatrix {
  rows: number;
  cols: number;
  data: Uint8Array;
}

/** Where renderMatrices draws one matrix: its top-left corner, size in px, pooling block and scale. */
export interface MatrixPanel {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Each drawn cell is the max over block x block entries (1 = no pooling). */
  block: number;
  /** Each drawn cell is scale x scale px. */
  scale: number;
  pooled: BitMatrix;
}

const MATRIX_PAD = 4;
const MATRIX_BG = 128;

/** Max-pools a 0/1 matrix in block x block cells so that neither side exceeds maxSide cells. */
export const poolMatrix = (m: BitMatrix, maxSide: number): { block: number; pooled: BitMatrix } => {
  const block = Math.max(1, Math.ceil(Math.max(m.rows, m.cols) / maxSide));
  const rows = Math.ceil(m.rows / block);
  const cols = Math.ceil(m.cols / block);
  const data = new Uint8Array(rows * cols);
  for (let r = 0; r < m.rows; r++)
    for (let c = 0; c < m.cols; c++)
      if (m.data[r * m.cols + c]) data[Math.floor(r / block) * cols + Math.floor(c / block)] = 1;
  return { block, pooled: { rows, cols, data } };
};

/**
 * Lays matrices out side by side, 4-px gaps: each max-pooled to at most maxSide cells a side, then
 * scaled up (at most 8x) so its longer side reaches about minSide px.
 */
export const matrixLayout = (
  matrices: readonly BitMatrix[],
  maxSide = 256,
  minSide = 96,
): { width: number; height: number; panels: MatrixPanel[] } => {
  let x = MATRIX_PAD;
  const panels = matrices.map((m) => {
    const { block, pooled } = poolMatrix(m, maxSide);
    const scale = Math.min(
      8,
      Math.max(1, Math.floor(minSide / Math.max(1, pooled.rows, pooled.cols))),
    );
    const panel = {
      x,
      y: MATRIX_PAD,
      width: pooled.cols * scale,
      height: pooled.rows * scale,
      block,
      scale,
      pooled,
    };
    x += panel.width + MATRIX_PAD;
    return panel;
  });
  return {
    width: Math.max(1, x),
    height: Math.max(1, ...panels.map((p) => p.height)) + 2 * MATRIX_PAD,
    panels,
  };
};

/** 0/1 matrices as one PNG (panels from matrixLayout): white = 1 (connected), black = 0, gray gaps. */
export const renderMatrices = (
  matrices: readonly BitMatrix[],
  maxSide = 256,
  minSide = 96,
): Buffer => {
  const { width, height, panels } = matrixLayout(matrices, maxSide, minSide);
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) {
    png.data[i] = png.data[i + 1] = png.data[i + 2] = MATRIX_BG;
    png.data[i + 3] = 255;
  }
  for (const p of panels)
    for (let y = 0; y < p.height; y++)
      for (let x = 0; x < p.width; x++) {
        const on = p.pooled.data[Math.floor(y / p.scale) * p.pooled.cols + Math.floor(x / p.scale)]
          ? 255
          : 0;
        const px = ((p.y + y) * width + p.x + x) * 4;
        png.data[px] = png.data[px + 1] = png.data[px + 2] = on;
      }
  return PNG.sync.write(png);
};
