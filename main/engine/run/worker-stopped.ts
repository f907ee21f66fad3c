// What the studio and the CLI show when the training worker stops on a fault of its own (a crash,
// an exception, running out of memory) rather than on a mistake in the project: one status
// message saying why, that the graph is untouched, and what to do next.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const OUT_OF_MEMORY =
  /allocation failed|out of memory|Invalid (typed )?array (buffer )?length|Maximum memory size|memory access out of bounds|Cannot allocate|OOM/i;

const firstLine = (s: string): string => (s.split('\n')[0] ?? '').trim().replace(/\.+$/, '');

/** Whether an error means the worker ran out of memory (JS heap, array buffers or wasm heap). */
export const isOutOfMemory = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return true;
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return OUT_OF_MEMORY.test(text);
};

/** Why the worker stopped, as a clause: "it ran out of memory (RangeError: ...)". */
export const describeWorkerError = (e: unknown): string => {
  const text =
    e instanceof Error
      ? `${e.name !== 'Error' ? `${e.name}: ` : ''}${firstLine(e.message)}`
      : firstLine(String(e));
  return isOutOfMemory(e) ? `it ran out of memory (${text})` : text || 'an unknown error';
};

/**
 * "The training worker stopped: <reason>. Your graph is unchanged; <what next>."
 * Out of memory adds the fix; a checkpoint, when one was written, is offered for resuming.
 */
export const workerStoppedMessage = (
  reason: string,
  opts: { checkpoint?: string; outOfMemory?: boolean } = {},
): string => {
  const next = [
    ...(opts.outOfMemory ? ['lower the batch size or the layer widths'] : []),
    opts.checkpoint
      ? `press Train to start again, or resume from the last checkpoint (${opts.checkpoint})`
      : 'press Train to start again',
  ].join(', then ');
  return `The training worker stopped: ${reason}. Your graph is unchanged; ${next}.`;
};

/** The newest checkpoint manifest in a run folder, if any (after a crash nothing else knows it). */
export const newestCheckpointIn = (outDir: string): string | undefined => {
  try {
    const dir = path.join(outDir, 'checkpoints');
    const last = readdirSync(dir)
      .filter((f) => /^step-\d+\.json$/.test(f))
      .sort()
      .at(-1);
    return last ? path.join(dir, last) : undefined;
  } catch {
    return undefined;
  }
};
