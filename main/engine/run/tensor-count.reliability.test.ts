// The tensor count does not grow: over 500 steps of a small template (tf.memory().numTensors
// sampled every 50 steps, in the thread that trains), after 20 start/stop cycles of runTraining in
// one thread, and after 20 start/stop cycles through the studio's path (train:start -> engine
// adapter -> startTraining -> a worker thread per run, each reporting the tensors it still holds
// once its model is released), with no training thread left behind in the app's process.
import { describe, it, expect, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { TesseraDocument } from '../../../core/document/document.types';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { recordFigure } from '../../../tests/reliability/figures';
import { repoRoot } from '../../server/paths';
import { createAppHandlers } from '../../server/handlers/app-handlers';
import { createEngineAdapter } from '../../server/handlers/engine-adapter';
import { loadTemplate } from '../testing/engine-fixtures';
import { queueControl, runTraining } from './run-training';

const source = 'main/engine/run/tensor-count.reliability.test.ts';
const work = mkdtempSync(nodePath.join(tmpdir(), 'tessera-tensors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The conv autoencoder template at batch 2: a small model, previews and checkpoints as shipped. */
const autoencoder = (steps: number): TesseraDocument => {
  const doc = loadTemplate('conv-autoencoder');
  doc.training.batchSize = 2;
  doc.training.stages[0]!.steps = steps;
  doc.training.checkpointEvery = 100;
  return doc;
};

const CYCLES = 20;
const finalStates = ['finished', 'failed', 'stopped'];

describe('tensor count', () => {
  it('stays flat over 500 steps, sampled every 50 (conv autoencoder, batch 2)', async () => {
    const samples = new Map<number, number>();
    const status = await runTraining(
      'tensors-500',
      {
        document: autoencoder(500),
        backend: 'wasm',
        outDir: nodePath.join(work, 'r500'),
        progressEvery: 50,
      },
      (e) => {
        if (e.type === 'progress' && e.step % 50 === 0) samples.set(e.step, tf.memory().numTensors);
      },
    );
    expect(status.state, status.message).toBe('finished');
    expect([...samples.keys()]).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 50));
    const at50 = samples.get(50)!;
    const at500 = samples.get(500)!;
    recordFigure({
      area: 'training-faults',
      label:
        'live tensors at step 50 vs step 500 (conv autoencoder, batch 2, sampled every 50 steps)',
      value: `${at50} vs ${at500}`,
      target: 'equal',
      pass: at50 === at500,
      source,
    });
    expect(at50).toBeGreaterThan(0);
    for (const [step, n] of samples) expect(n, `step ${step}`).toBe(at50);
  }, 300_000);

  it(`is back where it was after ${CYCLES} start/stop cycles of runTraining in one thread`, async () => {
    const cycle = async (i: number): Promise<string> => {
      const control = queueControl();
      const status = await runTraining(
        `cycle-${i}`,
        { document: autoencoder(5000), backend: 'wasm', outDir: nodePath.join(work, `c${i}`) },
        (e) => {
          if (e.type === 'progress' && e.step >= 2) control.push({ type: 'stop' });
        },
        control,
      );
      return status.state;
    };
    expect(await cycle(0)).toBe('stopped'); // warm-up: the backend and its kernels start once
    const before = tf.memory().numTensors;
    const states: string[] = [];
    for (let i = 1; i <= CYCLES; i++) states.push(await cycle(i));
    const after = tf.memory().numTensors;
    recordFigure({
      area: 'training-faults',
      label: `live tensors before vs after ${CYCLES} start/stop cycles of runTraining in one thread`,
      value: `${before} vs ${after}`,
      target: 'equal',
      pass: after === before,
      source,
    });
    expect(states).toEqual(Array(CYCLES).fill('stopped'));
    expect(after).toBe(before);
  }, 300_000);

  it(`stays flat over ${CYCLES} start/stop cycles through the studio's path (engine adapter, a worker per run)`, async () => {
    const finals = new Map<string, (e: TrainEvent) => void>();
    const events: TrainEvent[] = [];
    let stopRun: (runId: string) => void = () => undefined;
    const app = createAppHandlers({
      engine: createEngineAdapter(),
      shell: 'web',
      appVersion: 't',
      templatesDir: nodePath.join(repoRoot(), 'templates'),
      projectsDir: work,
      runsDir: nodePath.join(work, 'runs'),
      recentFile: nodePath.join(work, 'recent.json'),
      emit: (_channel, e) => {
        events.push(e);
        if (e.type === 'progress' && e.step >= 2) stopRun(e.runId);
        if (e.type === 'status' && finalStates.includes(e.state)) finals.get(e.runId)?.(e);
      },
    });
    const stopped = new Set<string>();
    stopRun = (runId) => {
      if (stopped.has(runId)) return;
      stopped.add(runId);
      void app.handlers['train:stop']({ runId });
    };
    const workers = (): number =>
      process.getActiveResourcesInfo().filter((r) => r === 'Worker' || r === 'MessagePort').length;
    const mainTensors = tf.memory().numTensors;
    const workersBefore = workers();
    const left: number[] = [];
    for (let i = 0; i < CYCLES; i++) {
      const { runId } = await app.handlers['train:start']({
        document: autoencoder(5000),
        backend: 'wasm',
      } as never);
      const final = await new Promise<TrainEvent>((resolve) => finals.set(runId, resolve));
      expect(final).toMatchObject({ type: 'status', state: 'stopped' });
      const report = events.find(
        (e) => e.runId === runId && e.type === 'log' && e.message.startsWith('Tensors live'),
      );
      const n = Number(/: (\d+)\.$/.exec(report?.type === 'log' ? report.message : '')?.[1]);
      expect(Number.isInteger(n), 'the worker reports its tensors').toBe(true);
      left.push(n);
      // The report precedes the final status, which is the run's last event.
      expect(events.filter((e) => e.runId === runId).at(-1)).toBe(final);
    }
    await new Promise((r) => setTimeout(r, 200)); // let the last thread's exit land
    recordFigure({
      area: 'training-faults',
      label: `studio path (train:start -> engine adapter -> worker): tensors left in the training thread after its run, cycle 1 vs cycle ${CYCLES}; training threads alive after the last`,
      value: `${left[0]} vs ${left.at(-1)}; ${workers() - workersBefore} threads`,
      target: 'equal; 0 threads',
      pass: left.every((n) => n === left[0]) && workers() === workersBefore,
      source,
    });
    expect(left).toEqual(Array(CYCLES).fill(left[0]));
    expect(workers()).toBe(workersBefore);
    expect(tf.memory().numTensors).toBe(mainTensors);
  }, 600_000);
});
