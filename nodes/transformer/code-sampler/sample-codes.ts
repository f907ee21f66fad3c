// Temperature and top-k sampling of one categorical from logits, with the trainer's seeded rng.
// k codebook size
import type { Rng } from '../../../core/node-contract/node-definition';

/**
 * Draws an index from softmax(logits / temperature) restricted to the topK largest logits
 * (topK 0 keeps all; ties at the k-th value are kept). Inverse-CDF with one rng.next().
 */
export const sampleIndex = (
  logits: ArrayLike<number>,
  temperature: number,
  topK: number,
  rng: Rng,
): number => {
  const n = logits.length;
  const t = Math.max(temperature, 1e-6);
  let threshold = -Infinity;
  if (topK > 0 && topK < n) {
    const sorted = Array.from(logits).sort((a, b) => b - a);
    threshold = sorted[topK - 1] ?? -Infinity;
  }
  let max = -Infinity;
  for (let i = 0; i < n; i++)
    if ((logits[i] ?? -Infinity) >= threshold) max = Math.max(max, logits[i] ?? -Infinity);
  const weights = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const l = logits[i] ?? -Infinity;
    const w = l >= threshold ? Math.exp((l - max) / t) : 0;
    weights[i] = w;
    total += w;
  }
  let u = rng.next() * total;
  for (let i = 0; i < n; i++) {
    u -= weights[i] ?? 0;
    if (u < 0 && (weights[i] ?? 0) > 0) return i;
  }
  // Rounding left u >= 0: the last index with weight.
  for (let i = n - 1; i >= 0; i--) if ((weights[i] ?? 0) > 0) return i;
  return 0;
};
