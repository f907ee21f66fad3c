import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../core/ipc/training-messages';
import { emptyTraining, etaText, stageLine, type TrainingView } from './training-state';

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
