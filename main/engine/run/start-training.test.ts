import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { defaultWasmThreads } from '../backend/wasm-threads';
import { smallVqVae } from '../testing/engine-fixtures';
import { startTraining } from './start-training';

describe('startTraining (worker thread)', () => {
  it('trains in a worker, reports progress, previews and a final status, writes checkpoints and PNGs', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'run-'));
    const doc = smallVqVae({ steps: 12, batchSize: 4 });
    doc.previews.recon!.every = 6;
    const events: TrainEvent[] = [];
    const run = startTraining({ document: doc, backend: 'wasm', outDir }, (e) => events.push(e));
    const status = await run.done;
    expect(status.state).toBe('finished');
    expect(status.backend?.name).toBe('wasm');
    // The worker thread starts XNNPACK's pool (nested worker threads) as the app's default.
    expect(status.backend?.threads).toBe(defaultWasmThreads());
    const progress = events.filter((e) => e.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ step: 12, totalSteps: 12 });
    expect(
      progress.at(-1)!.type === 'progress' && progress.at(-1)!.losses['vq-vae'],
    ).toBeGreaterThan(0);
    const previews = events.filter((e) => e.type === 'preview');
    expect(previews.map((p) => p.type === 'preview' && p.previewId)).toContain('usage');
    expect(status.checkpoint && existsSync(status.checkpoint)).toBe(true);
    expect(
      readdirSync(path.join(outDir, 'previews')).filter((f) => f.endsWith('.png')).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('pauses, resumes and stops on request, keeping a checkpoint', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'run-'));
    const events: TrainEvent[] = [];
    const run = startTraining(
      { document: smallVqVae({ steps: 5000, batchSize: 2 }), backend: 'wasm', outDir },
      (e) => {
        events.push(e);
        if (e.type === 'progress' && e.step === 1) run.pause();
        if (e.type === 'status' && e.state === 'paused') setTimeout(() => run.resume(), 100);
        if (e.type === 'status' && e.state === 'running' && e.message?.startsWith('Resumed'))
          setTimeout(() => run.stop(), 300);
      },
    );
    const status = await run.done;
    const states = events
      .filter((e) => e.type === 'status')
      .map((e) => (e.type === 'status' ? e.state : ''));
    expect(states).toEqual(['starting', 'running', 'paused', 'running', 'stopped']);
    expect(status.state).toBe('stopped');
    expect(status.checkpoint).toMatch(/step-\d{6}\.json$/);
  });

  it('refuses a document with errors, naming the node', async () => {
    const doc = smallVqVae();
    delete doc.edges.e1;
    const events: TrainEvent[] = [];
    const status = await startTraining({ document: doc, backend: 'cpu' }, (e) => events.push(e))
      .done;
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(/error/);
    expect(
      events.some(
        (e) => e.type === 'log' && e.level === 'error' && /Encoder \(encoder\)/.test(e.message),
      ),
    ).toBe(true);
  });
});
