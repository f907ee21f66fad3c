// Measures one attention kind over growing sequence lengths: wall ms per training step
// (forward + backward + Adam) and the peak of tfjs's tensor bytes during one step.
// n tokens; lengths are measured shortest first, and a length whose step is predicted to take
// longer than the limit is skipped (as are the ones after it).
import type * as tfjs from '@tensorflow/tfjs';
import { createAttentionBlock, type AttentionKind, type BlockConfig } from './attention-blocks';
import { median } from './timing';

type Tf = typeof tfjs;

export interface ScalingPoint {
  kind: AttentionKind;
  n: number;
  /** Median wall ms of the measured steps; absent when skipped. */
  ms?: number;
  /** Median process CPU ms (user + system, all threads) of the same steps: less sensitive to load. */
  cpuMs?: number;
  /** Steps measured (after one warm-up step). */
  steps?: number;
  /**
   * Peak of tf.memory().numBytes during one step, above what was live before it (tf.profile's
   * peakBytes - startBytes): tensor bytes tfjs tracks, not the wasm heap (which only grows).
   */
  peakBytes?: number;
  /** Block parameters (attention node + LayerNorm). */
  params?: number;
  /** Final loss of the measured steps (finite: the step computed something). */
  loss?: number;
  /** Why this length was not measured. */
  skipped?: string;
}

export interface ScalingLimits {
  /** Skip a length whose predicted step time exceeds this. */
  maxStepMs: number;
  /** Measured steps per length at most, and at least 1; stops once budgetMs is spent. */
  steps: number;
  budgetMs: number;
}

/** The next step time from the last two: grows by their ratio, at least x2 (n doubles), at most x4.5. */
export const predictNextMs = (prev: number | undefined, last: number): number => {
  const ratio = prev && prev > 0 ? last / prev : 2;
  return last * Math.min(4.5, Math.max(2, ratio));
};

const errorText = (e: unknown): string => {
  const msg = e instanceof Error ? e.message : String(e);
  return /memory|allocat|RangeError|grow/i.test(msg)
    ? `out of memory (${msg.slice(0, 80)})`
    : `failed: ${msg.slice(0, 120)}`;
};

/** One length: a warm-up step, a profiled step (peak bytes), then timed steps. */
const measureOne = async (
  tf: Tf,
  kind: AttentionKind,
  cfg: BlockConfig,
  n: number,
  limits: ScalingLimits,
): Promise<ScalingPoint> => {
  const block = createAttentionBlock(tf, kind, cfg, n);
  try {
    block.step();
    const before = tf.memory().numBytes;
    const profile = await tf.profile(() => {
      block.step();
    });
    const times: number[] = [];
    const cpus: number[] = [];
    let loss = NaN;
    const start = performance.now();
    while (times.length < Math.max(1, limits.steps)) {
      const t = performance.now();
      const c = process.cpuUsage();
      loss = block.step();
      const used = process.cpuUsage(c);
      times.push(performance.now() - t);
      cpus.push((used.user + used.system) / 1000);
      if (performance.now() - start > limits.budgetMs) break;
    }
    return {
      kind,
      n,
      ms: median(times),
      cpuMs: median(cpus),
      steps: times.length,
      peakBytes: Math.max(0, profile.peakBytes - before),
      params: block.params,
      loss,
    };
  } finally {
    block.dispose();
  }
};

/** Measures `kind` at each length in order, calling `report` after each (a crash keeps what was reported). */
export const measureScaling = async (
  tf: Tf,
  kind: AttentionKind,
  cfg: BlockConfig,
  lengths: readonly number[],
  limits: ScalingLimits,
  report: (p: ScalingPoint) => void,
): Promise<void> => {
  let prev: number | undefined;
  let last: number | undefined;
  let stopped: string | undefined;
  // JIT and the first kernels' set-up land on a throwaway run at the shortest length, not on it.
  const first = lengths[0];
  if (first !== undefined)
    await measureOne(tf, kind, cfg, first, { ...limits, steps: 1 }).catch(() => undefined);
  for (const n of lengths) {
    if (!stopped && last !== undefined) {
      const predicted = predictNextMs(prev, last);
      if (predicted > limits.maxStepMs)
        stopped = `time limit (predicted ${Math.round(predicted)} ms/step > ${limits.maxStepMs})`;
    }
    if (stopped) {
      report({ kind, n, skipped: stopped });
      continue;
    }
    try {
      const p = await measureOne(tf, kind, cfg, n, limits);
      report(p);
      prev = last;
      last = p.ms;
    } catch (e) {
      stopped = errorText(e);
      report({ kind, n, skipped: stopped });
    }
  }
};
