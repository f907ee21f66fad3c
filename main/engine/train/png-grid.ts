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
  const png = new PNG({ width: cols * (w * scale + PAD) + PAD, height: rows * (h * scale + PAD) + PAD });
  png.data.fill(255);
  const signed = batches[0]?.data.some((v) => v < -0.5) ?? false;
  tiles.forEach(({ b, i }, t) => {
    const x0 = PAD + (t % cols) * (w * scale + PAD);
    const y0 = PAD + Math.floor(t / cols) * (h * scale + PAD);
    for (let y = 0; y < b.height * scale; y++)
      for (let x = 0; x < b.width * scale; x++) {
        const base = ((i * b.height + Math.floor(y / scale)) * b.width + Math.floor(x / scale)) * b.channels;
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
