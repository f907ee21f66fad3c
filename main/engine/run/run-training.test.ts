import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { loadCheckpoint } from '../train/checkpoint';
import { smallVqVae } from '../testing/engine-fixtures';
import { runTraining } from './run-training';

describe('runTraining (in this thread)', () => {
  it('fails on a non-finite loss naming step, objective and node, keeping the last good checkpoint', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'nan-'));
    const doc = smallVqVae({ steps: 50, batchSize: 4 });
    doc.nodes.adam!.params = { ...doc.nodes.adam!.params, algorithm: 'sgd', lr: 10 };
    doc.training.checkpointEvery = 1;
    const events: TrainEvent[] = [];
    const status = await runTraining(
      'nan-run',
      { document: doc, backend: 'wasm', outDir, progressEvery: 1 },
      (e) => events.push(e),
    );
    expect(status.state).toBe('failed');
    expect(status.failure?.objective).toBe('vq-vae');
    expect(status.failure?.nodeId).toBe('total');
    const failedStep = status.failure!.step;
    expect(status.message).toMatch(new RegExp(`at step ${failedStep} `));
    expect(
      events.some(
        (e) =>
          e.type === 'log' &&
          e.level === 'error' &&
          /became (NaN|Infinity|-Infinity)/.test(e.message),
      ),
    ).toBe(true);
    expect(failedStep).toBeGreaterThan(1);
    // Stopped within the failing step: no step at or after it reported, the failure is the last event.
    const steps = events.flatMap((e) => (e.type === 'progress' ? [e.step] : []));
    expect(Math.max(...steps)).toBe(failedStep - 1);
    expect(events.at(-1)).toMatchObject({ type: 'status', state: 'failed' });
    {
      // the checkpoint of the step before the failure
      expect(status.checkpoint && existsSync(status.checkpoint)).toBe(true);
      const ckpt = await loadCheckpoint(status.checkpoint!);
      expect(ckpt.manifest.step).toBe(failedStep - 1);
      for (const [, v] of ckpt.values) expect(v.data.every((x) => Number.isFinite(x))).toBe(true);
    }
  });

  it('refuses a missing checkpoint before any backend starts, one worker or two', async () => {
    for (const workers of [1, 2]) {
      const events: TrainEvent[] = [];
      const missing = path.join(tmpdir(), 'no-such-run', 'step-000010.json');
      const status = await runTraining(
        'resume-missing',
        { document: smallVqVae(), backend: 'wasm', resumeFrom: missing, workers },
        (e) => events.push(e),
      );
      expect(status.state).toBe('failed');
      expect(status.message).toBe(
        `Cannot resume from ${missing}: the file does not exist. Pass a checkpoint manifest (<run folder>/checkpoints/step-NNNNNN.json), or train without resuming to start afresh.`,
      );
      expect(events.some((e) => e.type === 'log' && /^Backend:/.test(e.message))).toBe(false);
      expect(events.some((e) => e.type === 'status' && e.state === 'starting')).toBe(false);
    }
  });
});
