// Training-step timings of the bench models: in-process (one worker), data-parallel over
// worker threads, the cpu reference at a reduced batch (extrapolated), and the PyTorch peer.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DataParallelTrainer } from '../parallel/data-parallel';
import { runStep, type StepDefinition, type Tf } from '../parallel/step-program';
import { median, wallAndCpu } from './timing';
import { threadCpuMs } from '../parallel/thread-cpu';

export interface StepTime {
  /** Median wall ms per step. */
  wall: number;
  /** Median process CPU ms per step (all threads). */
  cpu: number;
  /** Mean CPU ms per step of the busiest thread: the step time on idle cores. */
  thread: number;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Median wall/CPU ms per step in this process on the active backend (after `warmup` steps). */
export async function timeInProcess<C>(
  tf: Tf,
  def: StepDefinition<C>,
  cfg: C,
  steps: number,
  warmup = 1,
): Promise<StepTime> {
  const p = def.create(tf, cfg);
  for (let s = 0; s < warmup; s++) runStep(tf, p, { step: s, shard: 0, shards: 1 });
  const walls: number[] = [],
    cpus: number[] = [],
    threads: number[] = [];
  for (let s = 0; s < steps; s++) {
    const c0 = threadCpuMs();
    const t = await wallAndCpu(() => runStep(tf, p, { step: warmup + s, shard: 0, shards: 1 }));
    threads.push(threadCpuMs() - c0);
    walls.push(t.wall);
    cpus.push(t.cpu);
  }
  p.dispose();
  return { wall: median(walls), cpu: median(cpus), thread: mean(threads) };
}

/** Median wall/CPU (all threads) ms per step with `workers` data-parallel workers. */
export async function timeParallel(
  modelFile: string,
  exportName: string,
  config: unknown,
  workers: number,
  steps: number,
): Promise<StepTime> {
  const dp = await DataParallelTrainer.start({ module: modelFile, exportName, config, workers });
  try {
    await dp.step(0);
    const walls: number[] = [],
      cpus: number[] = [],
      threads: number[] = [];
    for (let s = 1; s <= steps; s++) {
      let busiest = 0;
      const t = await wallAndCpu(async () => {
        busiest = (await dp.step(s)).cpuMs;
      });
      walls.push(t.wall);
      cpus.push(t.cpu);
      threads.push(busiest);
    }
    return { wall: median(walls), cpu: median(cpus), thread: mean(threads) };
  } finally {
    await dp.close();
  }
}

export const modelFile = (name: string): string =>
  fileURLToPath(new URL(`./models/${name}`, import.meta.url));

export interface TorchResult {
  torch: string;
  threads: number;
  batch: number;
  blas: string;
  ae_ms: number;
  ae_cpu_ms: number;
  dcgan_ms: number;
  dcgan_cpu_ms: number;
}

/** Runs torch-peer.py with /usr/bin/python3; null with the reason when PyTorch is unavailable. */
export function runTorchPeer(batch: number, steps: number): TorchResult | { skipped: string } {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'no PyTorch' };
  const script = fileURLToPath(new URL('./torch-peer.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, String(batch), String(steps)], {
    encoding: 'utf8',
    timeout: 180_000,
  });
  if (r.status !== 0)
    return {
      skipped: `PyTorch peer failed: ${(r.stderr || r.error?.message || '').split('\n').slice(-3).join(' ')}`,
    };
  const line = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as TorchResult;
}
