// Per-kernel time of one training step (tf.profile), summed by kernel name, slowest first.
import type { StepProgram, Tf } from '../parallel/step-program';
import { runStep } from '../parallel/step-program';

export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
}

export async function profileStep(
  tf: Tf,
  program: StepProgram,
  step: number,
): Promise<KernelTime[]> {
  const info = await tf.profile(() => {
    runStep(tf, program, { step, shard: 0, shards: 1 });
  });
  const by = new Map<string, KernelTime>();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = by.get(k.name) ?? { kernel: k.name, ms: 0, calls: 0 };
    e.ms += ms;
    e.calls += 1;
    by.set(k.name, e);
  }
  return [...by.values()].sort((a, b) => b.ms - a.ms);
}
