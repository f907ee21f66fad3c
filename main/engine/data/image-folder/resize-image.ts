// Turning a decoded RGBA image into the dataset's H x W x C bytes: channels first (grey is the
// BT.601 luma 0.299 R + 0.587 G + 0.114 B, as PIL's convert('L'); transparent pixels are composited
// over black), then a separable resize: area averaging along an axis that shrinks (each output
// pixel is the mean of the source pixels it covers, fractions weighted: OpenCV's INTER_AREA),
// bilinear with half-pixel centres along an axis that grows (OpenCV's INTER_LINEAR).
// h w output size, c channels (1 or 3), NHWC byte order.
import type { DecodedImage } from './decode-image';

/** One output index's taps along an axis: source indices and their weights (summing to 1). */
type Taps = { index: number[]; weight: number[] }[];

/** Area taps for shrinking `from` to `to` (to <= from). */
const areaTaps = (from: number, to: number): Taps => {
  const scale = from / to;
  return Array.from({ length: to }, (_, i) => {
    const start = i * scale;
    const end = start + scale;
    const index: number[] = [];
    const weight: number[] = [];
    for (let s = Math.floor(start); s < Math.ceil(end - 1e-9); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap <= 1e-12) continue;
      index.push(Math.min(s, from - 1));
      weight.push(overlap / scale);
    }
    return { index, weight };
  });
};

/** Bilinear taps for growing `from` to `to` (to > from), half-pixel centres, edges clamped. */
const bilinearTaps = (from: number, to: number): Taps => {
  const scale = from / to;
  return Array.from({ length: to }, (_, i) => {
    const x = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), from - 1);
    const lo = Math.floor(x);
    const hi = Math.min(lo + 1, from - 1);
    const f = x - lo;
    return hi === lo || f === 0
      ? { index: [lo], weight: [1] }
      : { index: [lo, hi], weight: [1 - f, f] };
  });
};

export const resampleTaps = (from: number, to: number): Taps =>
  to <= from ? areaTaps(from, to) : bilinearTaps(from, to);

/** The image as `channels` floats per pixel in 0..255 at its own size. */
export const toChannels = (img: DecodedImage, channels: 1 | 3): Float32Array => {
  const n = img.width * img.height;
  const out = new Float32Array(n * channels);
  for (let p = 0; p < n; p++) {
    const a = (img.rgba[p * 4 + 3] ?? 255) / 255;
    const r = (img.rgba[p * 4] ?? 0) * a;
    const g = (img.rgba[p * 4 + 1] ?? 0) * a;
    const b = (img.rgba[p * 4 + 2] ?? 0) * a;
    if (channels === 1) out[p] = 0.299 * r + 0.587 * g + 0.114 * b;
    else {
      out[p * 3] = r;
      out[p * 3 + 1] = g;
      out[p * 3 + 2] = b;
    }
  }
  return out;
};

/** Resizes `src` (h x w x c floats) to height x width x c floats, rows then columns. */
export const resizePlanes = (
  src: Float32Array,
  h: number,
  w: number,
  c: number,
  height: number,
  width: number,
): Float32Array => {
  if (h === height && w === width) return src;
  const cols = resampleTaps(w, width);
  const rows = resampleTaps(h, height);
  // Along x: h x width x c.
  const mid = new Float32Array(h * width * c);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < width; x++) {
      const t = cols[x]!;
      for (let ch = 0; ch < c; ch++) {
        let v = 0;
        for (let k = 0; k < t.index.length; k++)
          v += (src[(y * w + t.index[k]!) * c + ch] ?? 0) * t.weight[k]!;
        mid[(y * width + x) * c + ch] = v;
      }
    }
  // Along y: height x width x c.
  const out = new Float32Array(height * width * c);
  for (let y = 0; y < height; y++) {
    const t = rows[y]!;
    for (let x = 0; x < width; x++)
      for (let ch = 0; ch < c; ch++) {
        let v = 0;
        for (let k = 0; k < t.index.length; k++)
          v += (mid[(t.index[k]! * width + x) * c + ch] ?? 0) * t.weight[k]!;
        out[(y * width + x) * c + ch] = v;
      }
  }
  return out;
};

/** The decoded image as height x width x channels bytes (rounded, clamped to 0..255). */
export const fitImage = (
  img: DecodedImage,
  height: number,
  width: number,
  channels: 1 | 3,
): Uint8Array => {
  const planes = resizePlanes(
    toChannels(img, channels),
    img.height,
    img.width,
    channels,
    height,
    width,
  );
  const out = new Uint8Array(planes.length);
  for (let i = 0; i < planes.length; i++)
    out[i] = Math.min(255, Math.max(0, Math.round(planes[i] ?? 0)));
  return out;
};
