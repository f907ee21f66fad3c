// Kernelised (linear) attention, Katharopoulos et al. 2020 "Transformers are RNNs", eq. 4-6 and 9:
// softmax(q k^T) replaced by phi(q) phi(k)^T with phi(x) = elu(x) + 1, so that the sum over keys
// can be taken once (non-causal) or as running sums over positions (causal): cost linear in N.
// b' batch x heads, n query tokens, m key tokens, e key width, f value width
import type { TF, Tensor } from '../../core/node-contract/node-definition';
import { cumsumLast } from './attention-ops';

/** phi(x) = elu(x) + 1 > 0 (sec. 3.2.1). Its second derivative throws in tfjs (EluGrad has no gradient). */
export const eluFeatureMap = (tf: TF, x: Tensor): Tensor => tf.add(tf.elu(x), 1);

/**
 * Linear attention for phi(q) [b', n, e], phi(k) [b', m, e], v [b', m, f] (eq. 5-6):
 *   non-causal  out_i = phi(q_i)^T (sum_j phi(k_j) v_j^T) / (phi(q_i)^T sum_j phi(k_j) + eps)
 *   causal      the same sums over j <= i only (eq. 9: S_i = sum_{j<=i} phi(k_j) v_j^T,
 *               z_i = sum_{j<=i} phi(k_j)), taken with cumulative sums over positions (m = n).
 * Memory is b' x e x f x n for the causal running sums, b' x e x f otherwise.
 */
export const linearAttention = (
  tf: TF,
  fq: Tensor,
  fk: Tensor,
  v: Tensor,
  causal: boolean,
  eps = 1e-6,
): Tensor => {
  if (!causal) {
    const kv = tf.matMul(fk, v, true, false); // [b', e, f]
    const num = tf.matMul(fq, kv); // [b', n, f]
    const z = tf.sum(fk, 1, true); // [b', 1, e]
    const den = tf.sum(tf.mul(fq, z), 2, true); // [b', n, 1]
    return tf.div(num, tf.add(den, eps));
  }
  const [bh = 1, n = 1, e = 1] = fq.shape;
  const f = v.shape[2] ?? 1;
  // Positions on the last axis: tfjs's cumsum gradient is only right there (see cumsumLast).
  const fqT = tf.transpose(fq, [0, 2, 1]); // [b', e, n]
  const fkT = tf.transpose(fk, [0, 2, 1]); // [b', e, n]
  const vT = tf.transpose(v, [0, 2, 1]); // [b', f, n]
  const outer = tf.mul(tf.reshape(fkT, [bh, e, 1, n]), tf.reshape(vT, [bh, 1, f, n]));
  const s = cumsumLast(tf, outer); // S_i: [b', e, f, n]
  const num = tf.sum(tf.mul(tf.reshape(fqT, [bh, e, 1, n]), s), 1); // [b', f, n]
  const z = cumsumLast(tf, fkT); // z_i: [b', e, n]
  const den = tf.sum(tf.mul(fqT, z), 1, true); // [b', 1, n]
  return tf.transpose(tf.div(num, tf.add(den, eps)), [0, 2, 1]);
};

/** Lower-triangular ones [n, n]: 1 where key j <= query i. */
export const lowerTriangle = (tf: TF, n: number): Tensor =>
  tf.linalg.bandPart(tf.ones([n, n]), -1, 0);

/**
 * The attention matrix linear attention computes implicitly, in its quadratic form:
 * A_ij = phi(q_i)^T phi(k_j) [j <= i when causal] / (sum_j' of the same + eps), so that
 * linearAttention(...) = A v. [b', n, m]; O(n m) memory: for previews and tests.
 */
export const linearAttentionMap = (
  tf: TF,
  fq: Tensor,
  fk: Tensor,
  causal: boolean,
  eps = 1e-6,
): Tensor => {
  const scores = tf.matMul(fq, fk, false, true);
  const kept = causal ? tf.mul(scores, lowerTriangle(tf, fq.shape[1] ?? 1)) : scores;
  return tf.div(kept, tf.add(tf.sum(kept, 2, true), eps));
};

/** Zeroes phi(k) of padded keys: fk [b*h, m, e], keyMask [b, m] (1 = keep, 0 = pad). */
export const maskFeatureKeys = (tf: TF, fk: Tensor, keyMask: Tensor, heads: number): Tensor => {
  const [bh = 1, m = 1, e = 1] = fk.shape;
  const b = bh / heads;
  const keep = tf.reshape(tf.cast(keyMask, 'float32'), [b, 1, m, 1]);
  return tf.reshape(tf.mul(tf.reshape(fk, [b, heads, m, e]), keep), [bh, m, e]);
};
