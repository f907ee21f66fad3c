// NHWC upsampling by an integer factor s, written with reshape / broadcast / slice / stack only
// (no Tile, no resize kernels), so that its gradient exists and is right on every backend.
//   nearest:  y[i*s + r] = x[i]                          (PyTorch mode='nearest')
//   bilinear: y[o] = x at source (o + 0.5)/s - 0.5, clamped at the edges, separably in H and W
//             (PyTorch mode='bilinear', align_corners=False; TF half_pixel_centers=True).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface UpsampleParams {
  factor: number;
  mode: string;
}

/** Nearest: [B, H, W, C] -> [B, H, 1, W, 1, C] times ones [s, 1, s, 1] -> [B, sH, sW, C]. */
const nearest = (tf: TF, x: Tensor, s: number): Tensor => {
  const [b, h, w, c] = x.shape as [number, number, number, number];
  const spread = tf.mul(tf.reshape(x, [b, h, 1, w, 1, c]), tf.ones([1, 1, s, 1, s, 1]));
  return tf.reshape(spread, [b, h * s, w * s, c]);
};

/**
 * Weights (previous, self, next) of output phase r in 0..s-1: the source offset
 * d = (r + 0.5)/s - 0.5 lies in (-0.5, 0.5), so y blends x[i] with x[i-1] (d < 0) or x[i+1].
 */
export const bilinearPhaseWeights = (s: number): [number, number, number][] =>
  [...Array(s).keys()].map((r) => {
    const d = (r + 0.5) / s - 0.5;
    return d < 0 ? [-d, 1 + d, 0] : [0, 1 - d, d];
  });

/** Bilinear along one spatial axis (1 = H, 2 = W) of [B, H, W, C]. */
const bilinearAxis = (tf: TF, x: Tensor, axis: 1 | 2, s: number): Tensor => {
  const n = x.shape[axis] as number;
  const at = (begin: number, size: number): Tensor => {
    const b = [0, 0, 0, 0];
    const z = [-1, -1, -1, -1];
    b[axis] = begin;
    z[axis] = size;
    return tf.slice(x, b, z);
  };
  // Neighbours with the edge repeated: prev[i] = x[max(i-1, 0)], next[i] = x[min(i+1, n-1)].
  const prev = n === 1 ? x : tf.concat([at(0, 1), at(0, n - 1)], axis);
  const next = n === 1 ? x : tf.concat([at(1, n - 1), at(n - 1, 1)], axis);
  const phases = bilinearPhaseWeights(s).map(([wp, ws, wn]) =>
    tf.addN([tf.mul(prev, wp), tf.mul(x, ws), tf.mul(next, wn)]),
  );
  // Stack the phases right after the axis, then merge: [.., n, s, ..] -> [.., n*s, ..].
  const shape = [...x.shape] as number[];
  shape[axis] = n * s;
  return tf.reshape(tf.stack(phases, axis + 1), shape);
};

export const upsample = (tf: TF, x: Tensor, s: number, mode: string): Tensor => {
  if (s === 1) return x;
  if (mode === 'nearest') return nearest(tf, x, s);
  return bilinearAxis(tf, bilinearAxis(tf, x, 1, s), 2, s);
};

export const createUpsampleLayer = (
  tf: TF,
  params: UpsampleParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => ({ y: upsample(tf, inputs['x'] as Tensor, params.factor, params.mode) }),
});
