// The OadTR results' preview image: the prediction strips of several models over the same
// held-out frames, stacked, drawn with wide cells (pngjs). Each strip comes from
// metric/frame-map's frameStrip (truth rows, a grey separator, probability rows).
import { PNG } from 'pngjs';
import type { StripImage } from '../../nodes/metric/frame-map/frame-strip';

export const stripsPng = (strips: readonly StripImage[], cellWidth = 2, cellHeight = 8): Buffer => {
  const gap = 10;
  const width = Math.max(...strips.map((s) => s.width)) * cellWidth;
  const height = strips.reduce((h, s) => h + s.height * cellHeight + gap, gap);
  const png = new PNG({ width, height });
  png.data.fill(255);
  let y0 = gap;
  for (const s of strips) {
    for (let y = 0; y < s.height * cellHeight; y++)
      for (let x = 0; x < s.width * cellWidth; x++) {
        const src = (Math.floor(y / cellHeight) * s.width + Math.floor(x / cellWidth)) * 3;
        const px = ((y0 + y) * width + x) * 4;
        for (let ch = 0; ch < 3; ch++)
          png.data[px + ch] = Math.round(Math.min(1, Math.max(0, s.data[src + ch] ?? 1)) * 255);
        png.data[px + 3] = 255;
      }
    y0 += s.height * cellHeight + gap;
  }
  return PNG.sync.write(png);
};
