// Gated Attention Unit and FLASH's mixed-chunk attention (Hua, Dai, Liu, Le 2022, "Transformer
// Quality in Linear Time", sec. 2 and 3), written with matMul (tf.einsum has no gradient).
// b batch, n tokens, d model dim, E = e*d expanded width, s shared query/key dim, C chunk, G = n/C chunks
import type { TF, Tensor, Variable } from '../../core/node-contract/node-definition';
import { constWeight, cumsumLast, dense, normalWeight } from './attention-ops';
import { lowerTriangle } from './linear-attention-ops';

/** SiLU / Swish: x * sigmoid(x). */
export const silu = (tf: TF, x: Tensor): Tensor => tf.mul(x, tf.sigmoid(x));

/** A per-dim scale and offset of Z (the paper's cheap Q(Z), K(Z)): z * gamma + beta. */
export interface ScaleOffset {
  gamma: Variable;
  beta: Variable;
}

export interface GauWeights {
  wu: Variable;
  bu: Variable;
  wv: Variable;
  bv: Variable;
  wz: Variable;
  bz: Variable;
  wo: Variable;
  bo: Variable;
  /** Named affine maps of Z: q, k (GAU); FLASH adds linQ, linK. */
  offsets: Record<string, ScaleOffset>;
}

/**
 * Weights of a GAU over width d with expansion e and shared dim s; `offsets` names the scale/offset
 * maps of Z. gamma ~ N(0, 0.02) and beta = 0 as in the paper's code; projections std 1/sqrt(fan-in).
 */
export const createGauWeights = (
  tf: TF,
  d: number,
  expansion: number,
  s: number,
  offsets: readonly string[],
  seed: number,
): GauWeights => {
  const hidden = expansion * d;
  return {
    wu: normalWeight(tf, [d, hidden], seed + 21, 1 / Math.sqrt(d)),
    bu: constWeight(tf, [hidden], 0),
    wv: normalWeight(tf, [d, hidden], seed + 22, 1 / Math.sqrt(d)),
    bv: constWeight(tf, [hidden], 0),
    wz: normalWeight(tf, [d, s], seed + 23, 1 / Math.sqrt(d)),
    bz: constWeight(tf, [s], 0),
    wo: normalWeight(tf, [hidden, d], seed + 24, 1 / Math.sqrt(hidden)),
    bo: constWeight(tf, [d], 0),
    offsets: Object.fromEntries(
      offsets.map((name, i) => [
        name,
        { gamma: normalWeight(tf, [s], seed + 31 + i, 0.02), beta: constWeight(tf, [s], 0) },
      ]),
    ),
  };
};

/** Flat, stable weight names: wu, bu, ..., gammaQ, betaQ, gammaK, betaK (and gammaLinQ ... for FLASH). */
export const flattenGauWeights = (w: GauWeights): Record<string, Variable> => {
  const { offsets, ...dense } = w;
  const out: Record<string, Variable> = { ...dense };
  for (const [name, o] of Object.entries(offsets)) {
    const cap = name.charAt(0).toUpperCase() + name.slice(1);
    out[`gamma${cap}`] = o.gamma;
    out[`beta${cap}`] = o.beta;
  }
  return out;
};

/** U = silu(x Wu), V = silu(x Wv), Z = silu(x Wz) and the named maps of Z (sec. 2.2). */
export const gauProjections = (
  tf: TF,
  w: GauWeights,
  x: Tensor,
): { u: Tensor; v: Tensor; maps: Record<string, Tensor> } => {
  const z = silu(tf, dense(tf, x, w.wz, w.bz));
  const maps: Record<string, Tensor> = {};
  for (const [name, o] of Object.entries(w.offsets))
    maps[name] = tf.add(tf.mul(z, o.gamma), o.beta);
  return {
    u: silu(tf, dense(tf, x, w.wu, w.bu)),
    v: silu(tf, dense(tf, x, w.wv, w.bv)),
    maps,
  };
};

/** O = (U ⊙ Vhat) Wo: the gate and output projection (eq. 3). */
export const gauOutput = (tf: TF, w: GauWeights, u: Tensor, attended: Tensor): Tensor =>
  dense(tf, tf.mul(u, attended), w.wo, w.bo);

/** A key-padding mask [b, m] (1 = keep, 0 = pad) as float [b, 1, m], to zero attention columns. */
export const keepColumns = (tf: TF, keyMask: Tensor): Tensor => {
  const [b = 1, m = 1] = keyMask.shape;
  return tf.reshape(tf.cast(keyMask, 'float32'), [b, 1, m]);
};

/**
 * relu^2(q k^T / n) for q, k [b', n, s] (the paper's A, with its code's 1/n scaling and no relative
 * position bias), lower-triangular when causal; `keep` [b', 1, n] zeroes padded keys' columns
 * (as FLASH-pytorch's mask does; the 1/n still counts them). [b', n, n]
 */
export const reluSquaredAttention = (
  tf: TF,
  q: Tensor,
  k: Tensor,
  causal: boolean,
  keep?: Tensor,
): Tensor => {
  const n = q.shape[1] ?? 1;
  const a = tf.square(tf.relu(tf.mul(tf.matMul(q, k, false, true), 1 / n)));
  const masked = causal ? tf.mul(a, lowerTriangle(tf, n)) : a;
  return keep ? tf.mul(masked, keep) : masked;
};

/**
 * FLASH's mixed-chunk attention (sec. 3.2) for q, k (quadratic), lq, lk (linear) [b, n, s] and
 * v [b, n, E], n = G * chunk:
 *   Vhat_g = relu^2(q_g k_g^T / C) v_g  (within chunk g; causal: lower-triangular)
 *          + lq_g (sum_h lk_h^T v_h) / n  over all chunks h (non-causal) or h < g (causal: an
 *                                          exclusive running sum over chunks)
 * The 1/n of the linear term is ours (the paper writes none) so it stays bounded as n grows.
 * `keyMask` [b, n] (1 = keep, 0 = pad) removes padded keys from both terms.
 */
export const mixedChunkAttention = (
  tf: TF,
  q: Tensor,
  k: Tensor,
  lq: Tensor,
  lk: Tensor,
  v: Tensor,
  chunk: number,
  causal: boolean,
  keyMask?: Tensor,
): Tensor => {
  const [b = 1, n = 1, s = 1] = q.shape;
  const e = v.shape[2] ?? 1;
  if (n % chunk !== 0)
    throw new Error(
      `FLASH chunk (${chunk}) must divide the sequence length ${n}; set chunk to a divisor of ${n}.`,
    );
  const g = n / chunk;
  const chunks = (t: Tensor, width: number): Tensor => tf.reshape(t, [b * g, chunk, width]);
  const vc = chunks(v, e);
  const keep = keyMask ? tf.reshape(tf.cast(keyMask, 'float32'), [b * g, 1, chunk]) : undefined;
  const lkKept = keyMask ? tf.mul(lk, tf.reshape(tf.cast(keyMask, 'float32'), [b, n, 1])) : lk;
  const quad = tf.matMul(reluSquaredAttention(tf, chunks(q, s), chunks(k, s), causal, keep), vc);
  let linear: Tensor;
  if (!causal) {
    const kv = tf.mul(tf.matMul(lkKept, v, true, false), 1 / n); // [b, s, E]
    linear = tf.matMul(lq, kv); // [b, n, E]
  } else {
    const kvChunk = tf.matMul(chunks(lkKept, s), vc, true, false); // [b*G, s, E]
    // Chunks on the last axis for the cumulative sum (tfjs's cumsum gradient is right only there).
    const byChunk = tf.transpose(tf.reshape(kvChunk, [b, g, s * e]), [0, 2, 1]); // [b, s*E, G]
    const before = tf.transpose(cumsumLast(tf, byChunk, true), [0, 2, 1]); // sum over h < g
    const kv = tf.mul(tf.reshape(before, [b * g, s, e]), 1 / n);
    linear = tf.matMul(chunks(lq, s), kv); // [b*G, C, E]
  }
  return tf.add(tf.reshape(quad, [b, n, e]), tf.reshape(linear, [b, n, e]));
};

/**
 * The n x n matrix mixed-chunk attention applies implicitly (Vhat = A v): relu^2(q k^T / C) on the
 * diagonal chunks (lower-triangular when causal) plus lq lk^T / n where key chunk h is any (non-causal)
 * or h < g (causal). [b, n, n]; O(n^2): for previews and tests.
 */
export const mixedChunkAttentionMap = (
  tf: TF,
  q: Tensor,
  k: Tensor,
  lq: Tensor,
  lk: Tensor,
  chunk: number,
  causal: boolean,
  keyMask?: Tensor,
): Tensor => {
  const n = q.shape[1] ?? 1;
  const same: number[] = [];
  const earlier: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const ci = Math.floor(i / chunk);
      const cj = Math.floor(j / chunk);
      same.push(ci === cj && (!causal || j <= i) ? 1 : 0);
      earlier.push(!causal || cj < ci ? 1 : 0);
    }
  const quad = tf.square(tf.relu(tf.mul(tf.matMul(q, k, false, true), 1 / chunk)));
  const lin = tf.mul(tf.matMul(lq, lk, false, true), 1 / n);
  const map = tf.add(
    tf.mul(quad, tf.tensor2d(same, [n, n])),
    tf.mul(lin, tf.tensor2d(earlier, [n, n])),
  );
  return keyMask ? tf.mul(map, keepColumns(tf, keyMask)) : map;
};
