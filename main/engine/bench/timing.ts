// Timing helpers: median wall time of repeated synchronous runs.
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Median ms of `fn` after `warmup` runs; stops early once `budgetMs` is spent (min 3 runs). */
export function timeMs(fn: () => void, reps = 7, warmup = 1, budgetMs = 4000): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
    if (i >= 2 && performance.now() - start > budgetMs) break;
  }
  return median(times);
}
