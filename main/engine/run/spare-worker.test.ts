import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { smallVqVae } from '../testing/engine-fixtures';
import { firstStepTiming } from './first-step-timing';
import {
  dropSpareTrainingWorker,
  hasSpareTrainingWorker,
  prewarmTrainingWorker,
} from './spare-worker';
import { startTraining } from './start-training';

afterEach(async () => {
  await dropSpareTrainingWorker();
});

const train = async (steps: number) => {
  const events: { event: TrainEvent; atMs: number }[] = [];
  const t0 = Date.now();
  const run = startTraining(
    {
      document: smallVqVae({ steps, batchSize: 2 }),
      backend: 'wasm',
      outDir: mkdtempSync(path.join(tmpdir(), 'spare-')),
    },
    (event) => events.push({ event, atMs: Date.now() - t0 }),
  );
  const status = await run.done;
  return { status, events, timing: firstStepTiming(events) };
};

describe('the spare training worker', () => {
  it('takes the run at once when loaded ahead, and a new spare is loaded after the run', async () => {
    const cold = await train(2);
    expect(cold.status.state).toBe('finished');
    expect(hasSpareTrainingWorker()).toBe(false); // nobody asked: no thread left behind
    expect(await prewarmTrainingWorker()).toBe(true);
    const warm = await train(2);
    expect(warm.status.state).toBe('finished');
    expect(warm.events.filter((e) => e.event.type === 'progress').length).toBeGreaterThan(0);
    // The thread phase is the worker loading: seconds cold, next to nothing warm.
    const coldThread = cold.timing.phases.thread!;
    const warmThread = warm.timing.phases.thread!;
    expect(coldThread).toBeGreaterThan(500);
    expect(warmThread).toBeLessThan(coldThread / 3);
    expect(hasSpareTrainingWorker()).toBe(true);
  });

  it('a spare handed a run while still loading runs it, and stops on request', async () => {
    void prewarmTrainingWorker();
    const events: TrainEvent[] = [];
    const run = startTraining(
      {
        document: smallVqVae({ steps: 5000, batchSize: 2 }),
        backend: 'wasm',
        outDir: mkdtempSync(path.join(tmpdir(), 'spare-')),
      },
      (e) => {
        events.push(e);
        if (e.type === 'progress' && e.step === 1) run.stop();
      },
    );
    const status = await run.done;
    expect(status.state).toBe('stopped');
    expect(events.some((e) => (e as { type: string }).type === 'ready')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'status', state: 'stopped' });
  });
});
