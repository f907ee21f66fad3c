// Small deterministic generators for plain-JS draws made at build time (MADE degrees and orders,
// the Fréchet classifier's minibatch order) and in tests. Weight initialisers use tf's seeded ops.

/** mulberry32: a 32-bit seeded generator, uniform in [0, 1). */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

/** Uniform integer in [lo, hi] (both inclusive). */
export const randIntInclusive = (next: () => number, lo: number, hi: number): number =>
  lo + Math.floor(next() * (hi - lo + 1));

/** A seeded Fisher-Yates permutation of 0..n-1. */
export const permutation = (next: () => number, n: number): number[] => {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
};
