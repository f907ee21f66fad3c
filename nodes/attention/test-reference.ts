// Plain-loop references for the attention tests (small inputs only; no tf in the arithmetic).
// Sequences are number[][] (tokens x width); weights come from a layer's variables.
import type { TF, Tensor } from '../../core/node-contract/node-definition';

export type Mat = number[][];

export const mat = (t: Tensor): Mat => t.arraySync() as Mat;
export const vec = (t: Tensor): number[] => t.arraySync() as number[];
/** Batch b of a [B, N, D] tensor. */
export const batch = (t: Tensor, b: number): Mat => (t.arraySync() as Mat[])[b]!;

/** x W + bias, row by row. */
export const project = (x: Mat, w: Mat, bias?: number[]): Mat =>
  x.map((r) =>
    w[0]!.map((_, o) => (bias?.[o] ?? 0) + r.reduce((s, xi, i) => s + xi * w[i]![o]!, 0)),
  );

/** Columns lo..hi-1 of every row (one head's slice). */
export const cols = (x: Mat, lo: number, hi: number): Mat => x.map((r) => r.slice(lo, hi));

export const dot = (a: number[], b: number[]): number => a.reduce((s, ai, i) => s + ai * b[i]!, 0);

/** out_i = sum_j a_ij v_j. */
export const mix = (a: Mat, v: Mat): Mat =>
  a.map((row) => v[0]!.map((_, c) => row.reduce((s, aij, j) => s + aij * v[j]![c]!, 0)));

export const mapRows = (x: Mat, f: (z: number) => number): Mat => x.map((r) => r.map(f));

/** Max |a - b| over two nested arrays of equal shape. */
export const maxDiff = (a: unknown, b: unknown): number => {
  if (Array.isArray(a) && Array.isArray(b))
    return a.reduce((m: number, ai, i) => Math.max(m, maxDiff(ai, b[i])), 0);
  return Math.abs((a as number) - (b as number));
};

/** Overwrites every weight with seeded N(0, std) values, so that biases and gains matter in a test. */
export const randomizeWeights = (
  tf: TF,
  weights: Record<string, { shape: number[]; assign(v: Tensor): void }>,
  seed: number,
  std = 0.5,
): void => {
  let i = 0;
  for (const w of Object.values(weights))
    tf.tidy(() => w.assign(tf.randomNormal(w.shape, 0, std, 'float32', seed + i++)));
};

const siluN = (z: number): number => z / (1 + Math.exp(-z));

/**
 * GAU / FLASH with plain loops: U, V, Z = silu(x W + b), maps name -> Z * gamma + beta, then
 * y = (U ⊙ A V) Wo with A_ij = score(i, j, maps) built by the caller.
 */
export const gauReference = (
  w: Record<string, Mat & number[]>,
  x: Mat,
  mapNames: readonly string[],
  score: (i: number, j: number, maps: Record<string, Mat>) => number,
): Mat => {
  const u = mapRows(project(x, w['wu']!, w['bu']!), siluN);
  const v = mapRows(project(x, w['wv']!, w['bv']!), siluN);
  const z = mapRows(project(x, w['wz']!, w['bz']!), siluN);
  const maps: Record<string, Mat> = {};
  for (const name of mapNames) {
    const cap = name.charAt(0).toUpperCase() + name.slice(1);
    const g = w[`gamma${cap}`] as unknown as number[];
    const b = w[`beta${cap}`] as unknown as number[];
    maps[name] = z.map((r) => r.map((zi, c) => zi * g[c]! + b[c]!));
  }
  const a = x.map((_, i) => x.map((__, j) => score(i, j, maps)));
  const gated = mix(a, v).map((r, i) => r.map((val, c) => val * u[i]![c]!));
  return project(gated, w['wo']!, w['bo']!);
};

export const relu2 = (z: number): number => (z > 0 ? z * z : 0);
