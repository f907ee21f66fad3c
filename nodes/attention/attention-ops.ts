// Shared tensor helpers for attention and transformer layers: seeded initialisers, norms,
// GELU and scaled dot-product attention, written with matMul (tf.einsum has no gradient).
// b batch, n tokens, d model dim, h heads, e head dim (d = h * e), g groups
import type { TF, Tensor, Variable } from '../../core/node-contract/node-definition';

/** A seeded normal weight of the given shape (std 0.02 as in GPT-2 unless given). */
export const normalWeight = (tf: TF, shape: number[], seed: number, std = 0.02): Variable =>
  tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed), true));

/** A weight filled with a constant (biases 0, norm gains 1). */
export const constWeight = (tf: TF, shape: number[], value: number): Variable =>
  tf.tidy(() => tf.variable(tf.fill(shape, value), true));

/** Dense map on the last axis of a tensor of any rank: x[..., i] @ w[i, o] + b[o]. */
export const dense = (tf: TF, x: Tensor, w: Tensor, b?: Tensor): Tensor => {
  const shape = x.shape;
  const inDim = shape[shape.length - 1] ?? 1;
  const outDim = w.shape[1] ?? 1;
  const flat = tf.matMul(tf.reshape(x, [-1, inDim]), w);
  const withBias = b ? tf.add(flat, b) : flat;
  return tf.reshape(withBias, [...shape.slice(0, -1), outDim]);
};

/** LayerNorm over the last axis (Ba et al. 2016). */
export const layerNorm = (tf: TF, x: Tensor, gain: Tensor, bias: Tensor, eps = 1e-5): Tensor => {
  const axis = x.rank - 1;
  const mean = tf.mean(x, axis, true);
  const centred = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centred), axis, true);
  return tf.add(tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, eps))), gain), bias);
};

/** GroupNorm over NHWC (Wu & He 2018): statistics per sample over H, W and C/g channels. */
export const groupNorm = (
  tf: TF,
  x: Tensor,
  groups: number,
  gain: Tensor,
  bias: Tensor,
  eps = 1e-5,
): Tensor => {
  const [b = 1, h = 1, w = 1, c = 1] = x.shape;
  const grouped = tf.reshape(x, [b, h * w, groups, c / groups]);
  const mean = tf.mean(grouped, [1, 3], true);
  const centred = tf.sub(grouped, mean);
  const variance = tf.mean(tf.square(centred), [1, 3], true);
  const normed = tf.reshape(tf.div(centred, tf.sqrt(tf.add(variance, eps))), [b, h, w, c]);
  return tf.add(tf.mul(normed, gain), bias);
};

/** GELU, tanh approximation (Hendrycks & Gimpel 2016), from differentiable ops. */
export const gelu = (tf: TF, x: Tensor): Tensor => {
  const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(inner), 1));
};

/** Additive causal mask [n, n]: 0 on and below the diagonal, -1e9 above (a token sees only its past). */
export const causalMask = (tf: TF, n: number): Tensor => {
  const lower = tf.linalg.bandPart(tf.ones([n, n]), -1, 0);
  return tf.mul(tf.sub(1, lower), -1e9);
};

/** Additive key-padding bias [b, m] from a keep mask [b, m] (1 = keep, 0 = pad): 0 where kept, -1e9 where padded. */
export const keyPaddingBias = (tf: TF, keyMask: Tensor): Tensor =>
  tf.mul(tf.sub(1, tf.cast(keyMask, 'float32')), -1e9);

/**
 * softmax(q k^T / sqrt(e) + mask) v (Vaswani et al. 2017, eq. 1) for q [b', n, e], k and v [b', m, e].
 * `mask` broadcasts against the scores [b', n, m] (the causal mask is [n, n]). `keyBias` is an additive
 * bias per key [b, m] for b' = b * heads (heads folded into the batch, as splitHeads does).
 * Returns the attended values [b', n, e] and the attention weights [b', n, m].
 */
export const scaledDotAttention = (
  tf: TF,
  q: Tensor,
  k: Tensor,
  v: Tensor,
  mask?: Tensor,
  keyBias?: { bias: Tensor; heads: number },
): { out: Tensor; weights: Tensor } => {
  const e = q.shape[q.rank - 1] ?? 1;
  const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(e));
  let masked = mask ? tf.add(scores, mask) : scores;
  if (keyBias) {
    const [bh = 1, n = 1, m = 1] = masked.shape;
    const b = bh / keyBias.heads;
    masked = tf.reshape(
      tf.add(tf.reshape(masked, [b, keyBias.heads, n, m]), tf.reshape(keyBias.bias, [b, 1, 1, m])),
      [bh, n, m],
    );
  }
  const weights = tf.softmax(masked);
  return { out: tf.matMul(weights, v), weights };
};

/** [b, n, d] -> [b*h, n, e]: heads folded into the batch so one batched matMul serves them all. */
export const splitHeads = (tf: TF, x: Tensor, heads: number): Tensor => {
  const [b = 1, n = 1, d = 1] = x.shape;
  const e = d / heads;
  return tf.reshape(tf.transpose(tf.reshape(x, [b, n, heads, e]), [0, 2, 1, 3]), [b * heads, n, e]);
};

/** [b*h, n, e] -> [b, n, h*e]: the inverse of splitHeads (Concat(head_1..head_h)). */
export const mergeHeads = (tf: TF, x: Tensor, heads: number): Tensor => {
  const [bh = 1, n = 1, e = 1] = x.shape;
  const b = bh / heads;
  return tf.reshape(tf.transpose(tf.reshape(x, [b, heads, n, e]), [0, 2, 1, 3]), [b, n, heads * e]);
};

/**
 * Cumulative sum along the last axis. tfjs 4.22's Cumsum gradient is wrong for any other axis (it
 * transposes a result that is already in the input's layout, and fails with a shape error), so
 * callers put the summed axis last. exclusive: position i sums 0..i-1 instead of 0..i.
 */
export const cumsumLast = (tf: TF, x: Tensor, exclusive = false): Tensor =>
  tf.cumsum(x, x.rank - 1, exclusive);

/**
 * Adds an output computed only when read (an attention map that linear-cost nodes would otherwise
 * pay O(N^2) for on every step). The getter is memoised and not enumerable: the trainer's
 * evaluation walks Object.entries of every top-level node's outputs each step (to collect scalar
 * metrics), which would otherwise compute the map on every training step. Reading the port by
 * name (the engine's evaluation, previews) works; read it inside the same tf.tidy as apply.
 */
export const withLazyOutput = (
  eager: Record<string, Tensor>,
  name: string,
  compute: () => Tensor,
): Record<string, Tensor> => {
  let cached: Tensor | undefined;
  Object.defineProperty(eager, name, {
    enumerable: false,
    configurable: true,
    get: () => (cached ??= compute()),
  });
  return eager;
};
