// Sinusoidal encoding (Vaswani et al. 2017 sec. 3.5; the DDPM timestep embedding):
//   emb(t) = [sin(t w_0), ..., sin(t w_{h-1}), cos(t w_0), ..., cos(t w_{h-1})],
//   w_i = maxPeriod^(-i/h), h = dim/2.
// Mode t: emb of every entry of t ([...] -> [..., dim]). Mode x: x + emb(0..N-1) for x [B, N, D].
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface SinusoidalParams {
  dim: number;
  maxPeriod: number;
}

/** w_i = maxPeriod^(-i/h), i = 0..h-1 (h = dim/2). */
export const sinusoidalFrequencies = (dim: number, maxPeriod: number): number[] => {
  const half = dim / 2;
  return [...Array(half).keys()].map((i) => Math.pow(maxPeriod, -i / half));
};

/** [...] -> [..., dim]: sines then cosines, computed with tf ops (t may be a float input). */
export const sinusoidalEmbedding = (tf: TF, t: Tensor, dim: number, maxPeriod: number): Tensor => {
  const args = tf.mul(
    tf.expandDims(tf.cast(t, 'float32'), -1),
    tf.tensor1d(sinusoidalFrequencies(dim, maxPeriod), 'float32'),
  );
  // [..., h] twice -> [..., 2, h] -> [..., dim]: a stack on a new axis, not a last-axis concat.
  return tf.reshape(tf.stack([tf.sin(args), tf.cos(args)], -2), [...t.shape, dim]);
};

/** The table emb(0..n-1) as [n, dim] values, in float64 arithmetic, rounded once to float32. */
export const positionTable = (n: number, dim: number, maxPeriod: number): Float32Array => {
  const w = sinusoidalFrequencies(dim, maxPeriod);
  const half = dim / 2;
  const out = new Float32Array(n * dim);
  for (let p = 0; p < n; p++)
    for (let i = 0; i < half; i++) {
      out[p * dim + i] = Math.sin(p * (w[i] as number));
      out[p * dim + half + i] = Math.cos(p * (w[i] as number));
    }
  return out;
};

export const createSinusoidalLayer = (
  tf: TF,
  params: SinusoidalParams,
  _ctx?: BuildContext,
): NodeLayer => {
  const tables = new Map<string, Float32Array>();
  return {
    weights: {},
    apply: (inputs): Record<string, Tensor> => {
      const x = inputs['x'];
      if (x) {
        const [n, d] = x.shape.slice(-2) as [number, number];
        const key = `${n}x${d}`;
        let table = tables.get(key);
        if (!table) tables.set(key, (table = positionTable(n, d, params.maxPeriod)));
        return { y: tf.add(x, tf.tensor2d(table, [n, d], 'float32')) };
      }
      const t = inputs['t'];
      if (!t) throw new Error('position/sinusoidal needs t or x.');
      return { emb: sinusoidalEmbedding(tf, t, params.dim, params.maxPeriod) };
    },
  };
};
