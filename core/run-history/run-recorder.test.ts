import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '../ipc/training-messages';
import { checkpointStep, MEMORY_POINTS, PERSIST_EVERY_MS, RunRecorder } from './run-recorder';
import { parseRunRecord, RECORD_CURVE_POINTS } from './run-record';

const start = (resumedFrom?: string) =>
  new RunRecorder({
    runId: 'r1',
    project: { path: '/p/a.tessera.json', name: 'a' },
    startedAt: '2025-01-01T10:00:00.000Z',
    graphHash: 'sha256:abc',
    document: { name: 'a' },
    config: { batchSize: 8, seed: 7, backend: 'auto', ...(resumedFrom ? { resumedFrom } : {}) },
  });

const progress = (
  step: number,
  loss: number,
  metrics: Record<string, number> = {},
): TrainEvent => ({
  type: 'progress',
  runId: 'r1',
  stageIndex: 0,
  stageName: 's',
  step,
  totalSteps: 30,
  losses: { Reconstruction: loss },
  metrics,
  examplesPerSecond: 1,
  etaSeconds: 1,
});

describe('RunRecorder', () => {
  it('folds a run into its record: curve, final losses and metrics, checkpoints, end', () => {
    const r = start();
    expect(r.apply({ type: 'status', runId: 'r1', state: 'starting' }, 0, 't0')).toBe(false);
    expect(
      r.apply(
        {
          type: 'status',
          runId: 'r1',
          state: 'running',
          backend: { name: 'wasm', reason: '', workers: 1 },
        },
        1,
        't1',
      ),
    ).toBe(true);
    for (let s = 1; s <= 30; s++) r.apply(progress(s, 1 / s, { psnr: s }), 2 + s, 't');
    expect(
      r.apply(
        {
          type: 'status',
          runId: 'r1',
          state: 'finished',
          message: 'Finished 30 steps',
          checkpoint: '/runs/r1/checkpoints/step-000030.json',
        },
        100,
        't9',
      ),
    ).toBe(true);
    const rec = r.record();
    expect(rec).toMatchObject({
      state: 'finished',
      message: 'Finished 30 steps',
      backendUsed: 'wasm',
      step: 30,
      endedAt: 't9',
      config: { batchSize: 8, seed: 7, backend: 'auto', totalSteps: 30 },
      finalLosses: { Reconstruction: 1 / 30 },
      finalMetrics: { psnr: 30 },
      checkpoints: [
        { path: '/runs/r1/checkpoints/step-000030.json', step: 30, stageIndex: 0, createdAt: 't9' },
      ],
    });
    expect(rec.losses.Reconstruction!.steps).toHaveLength(30);
    expect(rec.losses.Reconstruction!.values[0]).toBe(1);
    expect(parseRunRecord(JSON.parse(JSON.stringify(rec)))).toMatchObject({ ok: true });
    // Nothing after the end changes it.
    expect(r.apply(progress(31, 5), 200, 't')).toBe(false);
    expect(r.record().step).toBe(30);
  });

  it('ignores other runs, non-finite losses, and a resumed run’s source checkpoint', () => {
    const src = '/runs/r0/checkpoints/step-000010.json';
    const r = start(src);
    r.apply({ ...progress(1, 1), runId: 'other' }, 0, 't');
    r.apply(progress(11, Number.NaN), 0, 't');
    r.apply({ type: 'status', runId: 'r1', state: 'running', checkpoint: src }, 1, 't');
    const rec = r.record();
    expect(rec.step).toBe(11);
    expect(rec.losses).toEqual({});
    expect(rec.finalLosses).toEqual({});
    expect(rec.checkpoints).toEqual([]);
    expect(JSON.stringify(rec)).not.toContain('NaN');
  });

  it('asks for a write on progress only every PERSIST_EVERY_MS', () => {
    const r = start();
    r.apply({ type: 'status', runId: 'r1', state: 'running' }, 1000, 't');
    expect(r.apply(progress(1, 1), 2000, 't')).toBe(false);
    expect(r.apply(progress(2, 1), 1000 + PERSIST_EVERY_MS, 't')).toBe(true);
    expect(r.apply(progress(3, 1), 1001 + PERSIST_EVERY_MS, 't')).toBe(false);
  });

  it('keeps long curves bounded in memory and in the record, first and last point kept', () => {
    const r = start();
    const n = MEMORY_POINTS + 5_000;
    for (let s = 1; s <= n; s++) r.apply(progress(s, 10 / s), s, 't');
    const c = r.record().losses.Reconstruction!;
    expect(c.steps.length).toBe(RECORD_CURVE_POINTS);
    expect(c.steps[0]).toBe(1);
    expect(c.steps[c.steps.length - 1]).toBe(n);
    expect(c.values[c.values.length - 1]).toBeCloseTo(10 / n, 12);
  });

  it('reads the step of a checkpoint from its file name', () => {
    expect(checkpointStep('/a/checkpoints/step-000500.json')).toBe(500);
    expect(checkpointStep('/a/other.json')).toBeUndefined();
  });
});

describe('parseRunRecord', () => {
  it('says what is wrong with a damaged record', () => {
    const good = JSON.parse(JSON.stringify(start().record())) as Record<string, unknown>;
    expect(parseRunRecord(good).ok).toBe(true);
    expect(parseRunRecord({ ...good, format: 'x' })).toEqual({
      ok: false,
      problem: 'it is not a Tessera run record (no "format": "tessera.run")',
    });
    expect(parseRunRecord({ ...good, losses: { a: { steps: [1], values: [] } } })).toEqual({
      ok: false,
      problem: 'its loss curves are damaged',
    });
    expect(parseRunRecord({ ...good, state: 'exploded' })).toMatchObject({
      ok: false,
      problem: 'it has no state',
    });
    expect(parseRunRecord(null).ok).toBe(false);
  });
});
