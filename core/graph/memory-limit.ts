// Whether a run's memory estimate fits the memory the engine can give it. Pure: the engine passes
// the limit in (os.totalmem(), or the wasm backend's heap); the refusal names the estimate, the
// largest nodes and the fix (the batch size that would fit, or which node to make smaller).
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic';
import { byteSize } from './byte-size';
import type { MemoryEstimate } from './memory-estimate';

export interface MemoryLimit {
  /** Bytes a training run can use. */
  bytes: number;
  /** What the limit is, for the message: "this machine's memory", "the wasm backend's heap". */
  what: string;
}

const SOURCE = 'memory';
const LISTED = 3;

/**
 * The fix: the largest batch size that fits (the batch-dependent activations scale with it, the
 * rest does not), else which node to shrink.
 */
const fixOf = (e: MemoryEstimate, limit: MemoryLimit, largest: string): string => {
  const fixed = e.totalBytes - e.activationBytes + e.batchFreeActivationBytes;
  const perExample =
    e.batchSize > 0 ? (e.activationBytes - e.batchFreeActivationBytes) / e.batchSize : 0;
  const shrink = `make ${largest} smaller (fewer units, filters, channels or heads, a smaller codebook or image)`;
  if (fixed < limit.bytes && perExample > 0) {
    const fits = Math.floor((limit.bytes - fixed) / perExample);
    if (fits >= 1)
      return `Lower the batch size to ${Math.min(fits, e.batchSize - 1)} or less (training.batchSize), or ${shrink}.`;
    return `It does not fit even at batch size 1: ${shrink}.`;
  }
  const what =
    e.batchFreeActivationBytes > 0.01 * fixed
      ? 'The weights, their training state and the outputs that do not grow with the batch'
      : 'The weights and their training state';
  return `${what} alone need ${byteSize(fixed)}, whatever the batch size: ${shrink}.`;
};

/** An error when the estimate exceeds the limit; undefined when it fits (or the limit is unknown). */
export const memoryRefusal = (e: MemoryEstimate, limit: MemoryLimit): Diagnostic | undefined => {
  if (!(limit.bytes > 0) || !(e.totalBytes > limit.bytes)) return undefined;
  const top = e.contributors.slice(0, LISTED);
  const largest = top[0]?.label ?? 'the widest layer';
  const stage = e.stages.find((s) => s.id === e.peakStage);
  const about = e.unknown.length > 0 ? 'at least' : 'about';
  const parts = [
    `weights ${byteSize(e.weightBytes)}`,
    `gradients ${byteSize(e.gradientBytes)}`,
    `optimizer state ${byteSize(e.optimizerBytes)}`,
    `activations ${byteSize(e.activationBytes)}`,
  ].join(', ');
  const biggest =
    top.length > 0
      ? ` Largest: ${top.map((c) => `${c.label} (${byteSize(c.bytes)})`).join(', ')}.`
      : '';
  const message =
    `Training needs ${about} ${byteSize(e.totalBytes)} at batch size ${e.batchSize}` +
    `${stage && e.stages.length > 1 ? ` in stage ${stage.name}` : ''} (${parts}), ` +
    `more than ${limit.what} (${byteSize(limit.bytes)}).${biggest} ${fixOf(e, limit, largest)}`;
  return diagnostic('error', SOURCE, message, {
    ...(top[0] ? { nodeId: top[0].nodeId } : {}),
    path: '/training/batchSize',
  });
};
