// memory pass (after cost and training): the run's memory estimate (memory-estimate.ts) on the
// program and on every node with a cost; when the engine gave a memory limit (it does before
// training and in `tessera validate`), an error if the estimate exceeds it. The editor compiles
// without a limit and shows the estimate against the limit the engine reports.
import type { Diagnostic } from '../diagnostics/diagnostic';
import { estimateMemory } from './memory-estimate';
import { memoryRefusal } from './memory-limit';
import type { CompilerPass, PassContext } from './pass-context';

export const memoryPass = (ctx: PassContext): Diagnostic[] => {
  const estimate = estimateMemory(ctx.program);
  ctx.program.memory = estimate;
  if (!estimate || !ctx.memoryLimit) return [];
  const refusal = memoryRefusal(estimate, ctx.memoryLimit);
  return refusal ? [refusal] : [];
};

export const memory: CompilerPass = {
  name: 'memory',
  requires: ['cost', 'training'],
  run: memoryPass,
};
