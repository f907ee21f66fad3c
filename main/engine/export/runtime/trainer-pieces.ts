// The trainer's pure pieces the exported program needs: seeded RNG, per-node seeds, optimizer
// construction, objective scheduling and gradient clipping. Until the app's trainer exposes
// them, they are defined here; the export test checks that both give the same losses.
import type * as tfjs from '@tensorflow/tfjs';
import type { Rng } from '../../../../core/node-contract/node-definition';

type TF = typeof tfjs;

/** mulberry32: a small, fast, seedable generator (state is one 32-bit integer). */
export const createRng = (seed: number): Rng & { state(): number } => {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), seed: () => Math.floor(next() * 2147483647), state: () => s };
};

/** A node's weight-initialiser seed: FNV-1a of the document seed and the node's path. */
export const nodeSeed = (seed: number, path: readonly string[]): number => {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (const ch of path.join('/')) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return (h >>> 0) % 2147483647 || 1;
};

/** Builds the tfjs optimizer an optimizer node's params describe. */
export const createOptimizer = (tf: TF, params: Record<string, unknown>): tfjs.Optimizer => {
  const num = (k: string, d: number): number => (typeof params[k] === 'number' ? (params[k] as number) : d);
  const lr = num('lr', num('learningRate', 1e-3));
  switch (params['algorithm'] ?? params['kind'] ?? 'adam') {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    default:
      return tf.train.adam(lr, num('beta1', 0.9), num('beta2', 0.999));
  }
};

/** Whether an objective runs at `step` (0-based within its stage): from step s, every k steps. */
export const isObjectiveDue = (o: { every: number; from: number }, step: number): boolean =>
  step >= o.from && (step - o.from) % Math.max(1, o.every) === 0;

/** Scales gradients so their global L2 norm is at most `maxNorm` (0 disables). */
export const clipByGlobalNorm = (tf: TF, grads: Record<string, tfjs.Tensor>, maxNorm: number): Record<string, tfjs.Tensor> => {
  if (!(maxNorm > 0)) return grads;
  const names = Object.keys(grads);
  const sq = names.map((n) => tf.sum(tf.square(grads[n]!)));
  const norm = tf.sqrt(tf.addN(sq)).dataSync()[0] ?? 0;
  if (norm <= maxNorm) return grads;
  const scale = maxNorm / norm;
  return Object.fromEntries(names.map((n) => [n, tf.mul(grads[n]!, scale)]));
};
