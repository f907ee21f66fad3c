// DETR's 2D sine positional encoding (Carion et al. 2020, models/position_encoding.py,
// PositionEmbeddingSine with normalize=True): for a pixel at row r, column c of an H x W map,
//   y = (r + 1) / H * 2pi, x = (c + 1) / W * 2pi, f_i = T^(2 floor(i/2) / (C/2)), i < C/2,
//   PE = [sin/cos(y / f_i) interleaved (C/2 channels), sin/cos(x / f_i) interleaved (C/2)].
// x [B, H, W, C] -> x + PE (C divisible by 4).
import type { NodeLayer, TF } from '../../../core/node-contract/node-definition';

export interface SinePosition2dParams {
  temperature: number;
}

export const sinePositionTable = (
  h: number,
  w: number,
  c: number,
  temperature: number,
): Float32Array => {
  const half = c / 2;
  const out = new Float32Array(h * w * c);
  const freq = Array.from({ length: half }, (_, i) =>
    Math.pow(temperature, (2 * Math.floor(i / 2)) / half),
  );
  for (let r = 0; r < h; r++)
    for (let col = 0; col < w; col++) {
      const y = ((r + 1) / h) * 2 * Math.PI;
      const x = ((col + 1) / w) * 2 * Math.PI;
      const base = (r * w + col) * c;
      for (let i = 0; i < half; i++) {
        const trig = i % 2 === 0 ? Math.sin : Math.cos;
        out[base + i] = trig(y / freq[i]!);
        out[base + half + i] = trig(x / freq[i]!);
      }
    }
  return out;
};

export const createSinePosition2dLayer = (tf: TF, params: SinePosition2dParams): NodeLayer => {
  let table: { key: string; value: Float32Array } | undefined;
  return {
    weights: {},
    apply: (inputs) => {
      const x = inputs.x;
      if (!x) throw new Error('detection/sine-position-2d needs x.');
      const [, h = 1, w = 1, c = 4] = x.shape;
      const key = `${h}x${w}x${c}`;
      if (table?.key !== key)
        table = { key, value: sinePositionTable(h, w, c, params.temperature) };
      return { y: tf.add(x, tf.tensor3d(table.value, [h, w, c])) };
    },
  };
};
