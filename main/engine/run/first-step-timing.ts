// How long a run took from Start to its first step, phase by phase, read from its events as they
// arrived (each with the milliseconds since Start it arrived at). Phase events carry their own
// time since Start (taken in the training thread); the first step ends at the first progress.
import type { StartPhaseName, TrainEvent } from '../../../core/ipc/training-messages';

export const PHASE_ORDER: readonly StartPhaseName[] = [
  'thread',
  'backend',
  'graph',
  'build',
  'preflight',
  'first-step',
];

export interface FirstStepTiming {
  /** Milliseconds per phase that ran (absent: never entered). */
  phases: Partial<Record<StartPhaseName, number>>;
  /** Start to the first step's progress, ms; undefined when no step was reported. */
  totalMs?: number;
  /** Start to the first-step phase (the step about to run), ms. */
  firstStepStartMs?: number;
}

/** `events`: in arrival order, each with `atMs`, its arrival in ms since Start. */
export const firstStepTiming = (
  events: readonly { event: TrainEvent; atMs: number }[],
): FirstStepTiming => {
  const starts = new Map<StartPhaseName, number>([['thread', 0]]);
  let totalMs: number | undefined;
  for (const { event, atMs } of events) {
    if (event.type === 'phase' && !starts.has(event.phase))
      starts.set(event.phase, event.elapsedMs);
    if (event.type === 'progress') {
      totalMs = atMs;
      break;
    }
  }
  const entered = PHASE_ORDER.filter((p) => starts.has(p));
  const phases: FirstStepTiming['phases'] = {};
  entered.forEach((p, i) => {
    const next = entered[i + 1];
    const end = next !== undefined ? starts.get(next) : totalMs;
    if (end !== undefined) phases[p] = Math.max(0, end - (starts.get(p) ?? 0));
  });
  const firstStepStartMs = starts.get('first-step');
  return {
    phases,
    ...(totalMs !== undefined ? { totalMs } : {}),
    ...(firstStepStartMs !== undefined ? { firstStepStartMs } : {}),
  };
};
