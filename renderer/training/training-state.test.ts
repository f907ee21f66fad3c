import { describe, expect, it } from 'vitest';
import type { TrainEvent, TrainProgress } from '../../core/ipc/training-messages';
import {
  emptyTraining,
  etaText,
  reduceTraining,
  stageLine,
  startedTraining,
  startPhaseText,
  type TrainingView,
} from './training-state';

const progress = (step: number, o: Partial<TrainProgress> = {}): TrainProgress => ({
  runId: 'r',
  stageIndex: 0,
  stageName: 'Autoencoder',
  step,
  totalSteps: 600,
  losses: {},
  metrics: {},
  examplesPerSecond: 10,
  etaSeconds: 75,
  stages: [
    { name: 'Autoencoder', start: 0, steps: 300 },
    { name: 'Prior', start: 300, steps: 300 },
  ],
  ...o,
});

describe('stageLine', () => {
  it('says which stage of how many, and when the next starts', () => {
    expect(stageLine(progress(1))).toBe('stage 1 of 2 · Autoencoder · stage 2 starts at step 300');
    expect(stageLine(progress(300))).toBe(
      'stage 1 of 2 · Autoencoder · stage 2 starts at step 300',
    );
    expect(stageLine(progress(301, { stageName: 'Prior', stageIndex: 1 }))).toBe(
      'stage 2 of 2 · Prior',
    );
  });
  it('falls back to the stage name without a plan', () => {
    expect(stageLine(progress(5, { stages: undefined }))).toBe('Autoencoder');
    expect(stageLine(undefined)).toBe('');
  });
});

describe('etaText', () => {
  const view = (state: TrainingView['state']): TrainingView => ({
    ...emptyTraining,
    runId: 'r',
    state,
    progress: progress(10),
  });
  it('counts while running, is frozen and marked while paused, gone after stop', () => {
    expect(etaText(view('running'))).toBe('ETA 1 min 15 s');
    expect(etaText(view('paused'))).toBe('ETA 1 min 15 s (paused)');
    expect(etaText(view('stopped'))).toBeUndefined();
    expect(etaText(view('finished'))).toBeUndefined();
    expect(etaText(view('failed'))).toBeUndefined();
  });
});

describe('the start phases', () => {
  const phase = (
    label: string,
    elapsedMs: number,
    o: Partial<Extract<TrainEvent, { type: 'phase' }>> = {},
  ): TrainEvent => ({ type: 'phase', runId: 'r', phase: 'preflight', label, elapsedMs, ...o });

  it('shows the thread starting from the moment Start is pressed, the time counting on', () => {
    const v = startedTraining('r', 10_000);
    expect(startPhaseText(v, 10_000)).toBe('starting the training thread · 0.0 s');
    expect(startPhaseText(v, 11_250)).toBe('starting the training thread · 1.3 s');
  });

  it('shows the latest phase with the time since Start, until the first step reports', () => {
    let v = startedTraining('r', 1_000);
    v = reduceTraining(v, phase('selecting backend (wasm)', 800, { phase: 'backend' }), 1_900);
    expect(startPhaseText(v, 2_000)).toBe('selecting backend (wasm) · 1.0 s');
    v = reduceTraining(
      v,
      phase('kernel preflight (3 of 7 node types)', 2_400, { done: 3, total: 7 }),
      3_500,
    );
    expect(v.phase).toMatchObject({ phase: 'preflight', done: 3, total: 7 });
    expect(startPhaseText(v, 4_100)).toBe('kernel preflight (3 of 7 node types) · 3.1 s');
    // 'running' is announced before the first step runs: the phase line stays until its progress.
    v = reduceTraining(v, { type: 'status', runId: 'r', state: 'running' });
    v = reduceTraining(v, phase('compiling first step', 3_000, { phase: 'first-step' }));
    expect(startPhaseText(v, 5_000)).toBe('compiling first step · 4.0 s');
    v = reduceTraining(v, { type: 'progress', ...progress(1) });
    expect(startPhaseText(v, 5_100)).toBeUndefined();
  });

  it('is gone when the run fails before its first step', () => {
    let v = reduceTraining(
      startedTraining('r', 0),
      phase('kernel preflight (1 of 4 node types)', 5),
    );
    v = reduceTraining(v, { type: 'status', runId: 'r', state: 'failed', message: 'lacks' });
    expect(startPhaseText(v, 9_000)).toBeUndefined();
  });

  it("keeps the phases that arrived before the engine answered with the run's id, and only its own", () => {
    const early: TrainEvent[] = [
      phase('selecting backend (wasm)', 900, { phase: 'backend', runId: 'old' }),
      { type: 'status', runId: 'r', state: 'starting', message: 'Selecting a backend' },
      phase('selecting backend (wasm)', 700, { phase: 'backend' }),
    ];
    const v = startedTraining('r', 500, early);
    expect(v.runId).toBe('r');
    expect(v.phase).toMatchObject({
      runId: 'r',
      label: 'selecting backend (wasm)',
      elapsedMs: 700,
    });
    expect(startPhaseText(v, 2_000)).toBe('selecting backend (wasm) · 1.5 s');
  });

  it("a view that missed Start counts from the engine's elapsed time", () => {
    const v = reduceTraining(
      { ...emptyTraining, runId: 'r', state: 'starting' },
      phase('building model (12 layers)', 2_500, { phase: 'build' }),
      100_000,
    );
    expect(startPhaseText(v, 100_000)).toBe('building model (12 layers) · 2.5 s');
    expect(startPhaseText(v, 101_000)).toBe('building model (12 layers) · 3.5 s');
  });
});
