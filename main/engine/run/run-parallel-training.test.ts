import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TesseraDocument } from '../../../core/document/document.types';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { initBackend } from '../backend/select-backend';
import { DataParallelTrainer } from '../parallel/data-parallel';
import { LOSS_PREFIX, type DocumentTrainerConfig } from '../parallel/document-trainer.step';
import { compileAndBuild, loadTemplate } from '../testing/engine-fixtures';
import { loadCheckpoint } from '../train/checkpoint';
import { Trainer } from '../train/trainer';
import { runParallelTraining } from './run-parallel-training';
import { queueControl, runTraining } from './run-training';

const STEP_MODULE = fileURLToPath(new URL('../parallel/document-trainer.step.ts', import.meta.url));

/** The VQ-VAE template shrunk: widths [8, 16], batch 16. */
const shrunkVqVae = (deadCodeThreshold?: number): TesseraDocument => {
  const doc = loadTemplate('vq-vae');
  doc.nodes.encoder!.params = { ...doc.nodes.encoder!.params, widths: [8, 16] };
  doc.nodes.decoder!.params = { ...doc.nodes.decoder!.params, widths: [16, 8] };
  if (deadCodeThreshold !== undefined)
    doc.nodes.vq!.params = { ...doc.nodes.vq!.params, deadCodeThreshold };
  doc.training.batchSize = 16;
  doc.training.stages[0]!.steps = 5;
  doc.training.checkpointEvery = 0;
  return doc;
};

const singleWorkerLosses = async (doc: TesseraDocument, steps: number): Promise<number[]> => {
  const { tf } = await initBackend({ backend: 'wasm' });
  const built = await compileAndBuild(tf, doc);
  try {
    const trainer = new Trainer(built);
    const losses: number[] = [];
    for (let s = 0; s < steps; s++) losses.push(trainer.runStep().losses['vq-vae'] as number);
    return losses;
  } finally {
    built.dispose();
  }
};

const twoWorkerRun = async (
  doc: TesseraDocument,
  steps: number,
): Promise<{ losses: number[]; tensors: number[][]; w0: Float32Array[]; w1: Float32Array[] }> => {
  const config: DocumentTrainerConfig = {
    runId: 'dp-test',
    document: doc,
    outDir: mkdtempSync(path.join(tmpdir(), 'dp-')),
  };
  const dp = await DataParallelTrainer.start({
    module: STEP_MODULE,
    exportName: 'documentTrainerStep',
    config,
    workers: 2,
    backend: 'wasm',
  });
  try {
    const losses: number[] = [];
    const tensors: number[][] = [];
    for (let s = 0; s < steps; s++) {
      const r = await dp.step(s);
      losses.push(r.losses[`${LOSS_PREFIX}vq-vae`] as number);
      tensors.push(r.tensors);
    }
    const [w0, w1] = await Promise.all([dp.weights(0), dp.weights(1)]);
    return { losses, tensors, w0, w1 };
  } finally {
    await dp.close();
  }
};

const relDiff = (a: number, b: number): number =>
  Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-12);
const identical = (a: Float32Array[], b: Float32Array[]): boolean =>
  a.length === b.length &&
  a.every((x, i) =>
    Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(
      Buffer.from(b[i]!.buffer, b[i]!.byteOffset, b[i]!.byteLength),
    ),
  );

describe('two data-parallel workers vs one (VQ-VAE template, widths [8, 16], batch 16, wasm)', () => {
  it('agrees on the first 5 losses within 1e-4 relative and keeps both workers bit-identical', async () => {
    // Dead-code restarts off: they pick codes from each shard's own encoder outputs (see below).
    const doc = shrunkVqVae(0);
    const single = await singleWorkerLosses(doc, 5);
    const two = await twoWorkerRun(doc, 5);
    two.losses.forEach((l, i) => expect(relDiff(l, single[i]!)).toBeLessThan(1e-4));
    expect(single[4]!).toBeLessThan(single[0]!);
    expect(two.w0.length).toBeGreaterThan(0);
    expect(identical(two.w0, two.w1)).toBe(true);
    expect(two.tensors[4]).toEqual(two.tensors[1]); // flat tensor count in each worker
  }, 120_000);

  it('with the template as is (dead-code restarts per shard) keeps both workers identical and learns', async () => {
    const doc = shrunkVqVae();
    const single = await singleWorkerLosses(doc, 5);
    const two = await twoWorkerRun(doc, 5);
    // Step 1 is identical; restarts then pick codes from each shard's own rows (averaged after the
    // step), so later losses agree statistically only (measured: 0.168 vs 0.190 at step 2).
    expect(relDiff(two.losses[0]!, single[0]!)).toBeLessThan(1e-4);
    expect(two.losses[4]!).toBeLessThan(two.losses[0]! * 0.6);
    expect(identical(two.w0, two.w1)).toBe(true);
  }, 120_000);

  it('runs through runTraining: pause and resume, a stop mid-run ends both workers, checkpoint from worker 0', async () => {
    const outDir = mkdtempSync(path.join(tmpdir(), 'dp-stop-'));
    const doc = shrunkVqVae();
    doc.training.stages[0]!.steps = 200;
    const control = queueControl();
    const events: TrainEvent[] = [];
    let paused = false;
    const status = await runTraining(
      'dp-stop',
      { document: doc, backend: 'wasm', outDir, workers: 2 },
      (e) => {
        events.push(e);
        if (e.type === 'progress' && e.step >= 2 && !paused) {
          paused = true;
          control.push({ type: 'pause' });
        }
        if (e.type === 'status' && e.state === 'paused') control.push({ type: 'resume' });
        if (e.type === 'progress' && e.step >= 4) control.push({ type: 'stop' });
      },
      control,
    );
    expect(status.state).toBe('stopped');
    expect(status.backend).toMatchObject({ name: 'wasm', workers: 2 });
    expect(events.some((e) => e.type === 'status' && e.state === 'paused')).toBe(true);
    const progress = events.filter((e) => e.type === 'progress');
    const lastStep = progress.at(-1)!.step;
    expect(lastStep).toBeGreaterThanOrEqual(4);
    expect(lastStep).toBeLessThan(200);
    for (const p of progress) expect(Number.isFinite(p.losses['vq-vae'])).toBe(true);
    expect(
      events.some((e) => e.type === 'log' && e.message === 'Closed 2 of 2 data-parallel workers.'),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'status', state: 'stopped' });
    expect(status.checkpoint && existsSync(status.checkpoint)).toBe(true);
    const ckpt = await loadCheckpoint(status.checkpoint!);
    expect(ckpt.manifest.step).toBe(lastStep);
    expect(ckpt.values.has('weights/vq/codebook')).toBe(true);
  }, 120_000);

  it('refuses a batch that does not split over the workers', async () => {
    const doc = shrunkVqVae();
    doc.training.batchSize = 15;
    const status = await runTraining(
      'dp-odd',
      {
        document: doc,
        backend: 'wasm',
        workers: 2,
        outDir: mkdtempSync(path.join(tmpdir(), 'dp-odd-')),
      },
      () => undefined,
    );
    expect(status.state).toBe('failed');
    expect(status.message).toMatch(/Batch size 15 does not split over 2 workers/);
  });

  it('resumes a two-worker run from its checkpoint and continues as an uninterrupted one', async () => {
    const doc = shrunkVqVae(0);
    const lastLoss = (events: TrainEvent[]): number => {
      const p = events.filter((e) => e.type === 'progress').at(-1);
      return p?.type === 'progress' ? (p.losses['vq-vae'] as number) : NaN;
    };
    const run = async (
      steps: number,
      resumeFrom?: string,
    ): Promise<{ loss: number; events: TrainEvent[]; checkpoint?: string }> => {
      const events: TrainEvent[] = [];
      const outDir = mkdtempSync(path.join(tmpdir(), 'dp-resume-'));
      const st = await runTraining(
        'dp-resume',
        {
          document: doc,
          backend: 'wasm',
          outDir,
          workers: 2,
          steps,
          ...(resumeFrom ? { resumeFrom } : {}),
        },
        (e) => events.push(e),
      );
      expect(st.state).toBe('finished');
      return {
        loss: lastLoss(events),
        events,
        ...(st.checkpoint ? { checkpoint: st.checkpoint } : {}),
      };
    };
    const straight = await run(5);
    const first = await run(3);
    const resumed = await run(5, first.checkpoint);
    expect(
      resumed.events.some((e) => e.type === 'log' && /Resumed from .* at step 3\./.test(e.message)),
    ).toBe(true);
    expect(
      resumed.events
        .filter((e) => e.type === 'progress')
        .every((e) => e.type === 'progress' && e.step > 3),
    ).toBe(true);
    expect(relDiff(resumed.loss, straight.loss)).toBeLessThan(1e-5);
  }, 120_000);
});

describe('data-parallel kernel preflight', () => {
  it('refuses to train when the workers’ backend lacks a gradient kernel, naming node and kernel, before any step', async () => {
    const events: TrainEvent[] = [];
    const status = await runParallelTraining(
      'dp-kernels',
      {
        document: shrunkVqVae(),
        backend: 'wasm',
        outDir: mkdtempSync(path.join(tmpdir(), 'dp-kernels-')),
      },
      2,
      (e) => events.push(e),
      queueControl(),
      {
        stepModule: fileURLToPath(
          new URL('../parallel/testing/kernel-less.step.ts', import.meta.url),
        ),
        stepExport: 'kernelLessTrainerStep',
      },
    );
    expect(status?.state).toBe('failed');
    expect(status?.message).toMatch(
      /^The wasm backend lacks \d+ kernel\(s\) this project needs\. First: .*Encoder.*Conv2DBackpropFilter/,
    );
    expect(events.some((e) => e.type === 'progress')).toBe(false);
    expect(
      events.some(
        (e) => e.type === 'log' && e.level === 'error' && /Conv2DBackpropFilter/.test(e.message),
      ),
    ).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'status', state: 'failed' });
  }, 120_000);
});
