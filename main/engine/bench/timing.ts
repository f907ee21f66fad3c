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

/** Interleaved medians: runs each fn in turn `reps` times, so load changes hit all alike. */
export function compareMs(fns: (() => void)[], reps = 7, budgetMs = 6000): number[] {
  fns.forEach((f) => f());
  const times = fns.map(() => [] as number[]);
  const start = performance.now();
  for (let r = 0; r < reps; r++) {
    fns.forEach((f, i) => {
      const t = performance.now();
      f();
      times[i]?.push(performance.now() - t);
    });
    if (r >= 2 && performance.now() - start > budgetMs) break;
  }
  return times.map(median);
}

/** Wall and CPU ms (process-wide, all threads) of an async or sync piece of work. */
export async function wallAndCpu(fn: () => unknown): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}
