import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { firstStepTiming } from './first-step-timing';

const phase = (
  p: Extract<TrainEvent, { type: 'phase' }>['phase'],
  elapsedMs: number,
): TrainEvent => ({
  type: 'phase',
  runId: 'r',
  phase: p,
  label: p,
  elapsedMs,
});
const progress = (step: number): TrainEvent => ({
  type: 'progress',
  runId: 'r',
  stageIndex: 0,
  stageName: 's',
  step,
  totalSteps: 9,
  losses: {},
  metrics: {},
  examplesPerSecond: 1,
  etaSeconds: 1,
});

describe('firstStepTiming', () => {
  it('splits Start -> first progress into the phases, a repeated phase counting from its first event', () => {
    const t = firstStepTiming([
      { event: phase('thread', 0), atMs: 1 },
      { event: phase('backend', 1_200), atMs: 1_201 },
      { event: phase('graph', 1_500), atMs: 1_502 },
      { event: phase('build', 1_600), atMs: 1_601 },
      { event: phase('preflight', 2_600), atMs: 2_601 },
      { event: phase('preflight', 2_900), atMs: 2_901 },
      { event: phase('first-step', 3_100), atMs: 3_102 },
      { event: progress(1), atMs: 4_000 },
      { event: progress(2), atMs: 5_000 },
    ]);
    expect(t).toEqual({
      phases: {
        thread: 1_200,
        backend: 300,
        graph: 100,
        build: 1_000,
        preflight: 500,
        'first-step': 900,
      },
      totalMs: 4_000,
      firstStepStartMs: 3_100,
    });
  });

  it('leaves the total out, and the running phase open, when no step was reported', () => {
    const t = firstStepTiming([
      { event: phase('backend', 900), atMs: 900 },
      { event: phase('build', 1_000), atMs: 1_000 },
    ]);
    expect(t).toEqual({ phases: { thread: 900, backend: 100 } });
  });
});
