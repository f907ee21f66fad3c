// How the memory estimate (core/graph/memory-estimate.ts) reads in the studio: a line for the
// selected node in the inspector, one for the whole run next to the cost totals, the per-stage
// breakdown in its tooltip, and a warning when the run would not fit the limit the engine reports.
import type { MemoryEstimate, NodeMemory } from '../../core/graph/memory-estimate';
import type { MemoryLimit } from '../../core/graph/memory-limit';
import { formatBytes } from '../model/cost-format';

const batchText = (batchSize: number | undefined): string =>
  batchSize !== undefined && Number.isFinite(batchSize) ? ` at batch ${batchSize}` : '';

/** "640 B params + 1.9 KiB gradients and adam state · 392 KiB activations at batch 32". */
export const nodeMemoryLine = (m: NodeMemory, batchSize?: number): string => {
  const at = m.atLeast ? '≥' : '';
  const state = m.gradientBytes + m.optimizerBytes;
  const training =
    state > 0 ? ` + ${formatBytes(state)} gradients and ${m.trainedBy.join('/')} state` : '';
  return `${at}${formatBytes(m.weightBytes)} params${training} · ${at}${formatBytes(m.activationBytes)} activations${batchText(batchSize)}`;
};

const about = (e: MemoryEstimate): string => (e.unknown.length > 0 ? '≥' : '≈');

/** "training ≈ 2.4 MiB": the run's estimate, at its largest stage. */
export const runMemoryLine = (e: MemoryEstimate): string =>
  `training ${about(e)} ${formatBytes(e.totalBytes)}`;

/** The run's tooltip: the parts of the peak, then every stage, then what is not counted. */
export const runMemoryTitle = (e: MemoryEstimate): string =>
  [
    `Memory for training${batchText(e.batchSize)}: ${formatBytes(e.totalBytes)}${e.unknown.length > 0 ? ' at least' : ''}`,
    `  weights ${formatBytes(e.weightBytes)}, gradients ${formatBytes(e.gradientBytes)}, optimizer state ${formatBytes(e.optimizerBytes)}, activations ${formatBytes(e.activationBytes)}`,
    ...(e.stages.length > 1
      ? e.stages.map(
          (s) =>
            `  stage ${s.name}: ${formatBytes(s.totalBytes)}${s.id === e.peakStage ? ' (the largest)' : ''}`,
        )
      : []),
    ...(e.contributors.length > 0
      ? [
          `Largest: ${e.contributors
            .slice(0, 3)
            .map((c) => `${c.label} ${formatBytes(c.bytes)}`)
            .join(', ')}`,
        ]
      : []),
    ...(e.unknown.length > 0
      ? [
          `Not counted (size unknown): ${e.unknown.slice(0, 8).join(', ')}${e.unknown.length > 8 ? ', …' : ''}`,
        ]
      : []),
  ].join('\n');

/** A warning when the estimate exceeds the engine's limit; undefined when it fits or no limit is known. */
export const memoryWarning = (e: MemoryEstimate, limit?: MemoryLimit): string | undefined =>
  limit && limit.bytes > 0 && e.totalBytes > limit.bytes
    ? `Training needs ${about(e)} ${formatBytes(e.totalBytes)}, more than ${limit.what} (${formatBytes(limit.bytes)}): Train will refuse it. Lower the batch size or make ${e.contributors[0]?.label ?? 'the widest layer'} smaller.`
    : undefined;
