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
    const status = await runTraining('nan-run', { document: doc, backend: 'wasm', outDir }, (e) =>
      events.push(e),
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
    {
      // the checkpoint of the step before the failure
      expect(status.checkpoint && existsSync(status.checkpoint)).toBe(true);
      const ckpt = await loadCheckpoint(status.checkpoint!);
      expect(ckpt.manifest.step).toBe(failedStep - 1);
      for (const [, v] of ckpt.values) expect(v.data.every((x) => Number.isFinite(x))).toBe(true);
    }
  });
});
