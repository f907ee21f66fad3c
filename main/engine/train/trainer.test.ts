import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../backend/select-backend';
import { compileAndBuild, smallVqVae } from '../testing/engine-fixtures';
import { checkpointPath, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { NonFiniteLossError, Trainer } from './trainer';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const snapshot = (t: Trainer): Record<string, number[]> =>
  Object.fromEntries([...t.built.weights()].map(([k, v]) => [k, Array.from(v.dataSync())]));

describe('Trainer', () => {
  it('lowers the loss, keeps the tensor count flat, and reports losses and metrics', async () => {
    const built = await compileAndBuild(tf, smallVqVae({ steps: 40 }));
    const trainer = new Trainer(built);
    const first = trainer.runStep();
    expect(Object.keys(first.losses)).toEqual(['vq-vae']);
    expect(first.metrics['Quantizer.perplexity']).toBeGreaterThan(1);
    expect(first.metrics['Reconstruction.loss']).toBeGreaterThan(0.05);
    trainer.runStep();
    const tensors = tf.memory().numTensors;
    let last = first;
    while (!trainer.done) last = trainer.runStep();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(last.step).toBe(40);
    expect(last.metrics['Reconstruction.loss']!).toBeLessThan(
      first.metrics['Reconstruction.loss']! * 0.75,
    );
    built.dispose();
  });

  it('resumes from a checkpoint and continues identically', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ckpt-'));
    const doc = smallVqVae({ steps: 6, batchSize: 4 });
    const a = new Trainer(await compileAndBuild(tf, doc));
    for (let i = 0; i < 3; i++) a.runStep();
    const { tensors, temporaries } = a.checkpointTensors();
    const file = await saveCheckpoint(checkpointPath(dir, a.step), tensors, {
      runId: 'r',
      documentName: doc.name,
      step: a.step,
      stageIndex: 0,
      rngState: a.rng.getState(),
      losses: a.lastLosses,
    });
    tf.dispose(temporaries);
    while (!a.done) a.runStep();
    const b = new Trainer(await compileAndBuild(tf, doc));
    b.restore(await loadCheckpoint(file));
    expect(b.step).toBe(3);
    while (!b.done) b.runStep();
    expect(b.lastLosses).toEqual(a.lastLosses);
    expect(snapshot(b)).toEqual(snapshot(a));
    a.built.dispose();
    b.built.dispose();
  });

  it('stops on a non-finite loss, naming step, objective and node, without touching the weights', async () => {
    const doc = smallVqVae({ steps: 50, batchSize: 4 });
    doc.nodes.adam!.params = { ...doc.nodes.adam!.params, algorithm: 'sgd', lr: 10 };
    const t = new Trainer(await compileAndBuild(tf, doc));
    let before: Record<string, number[]> = {};
    let err: unknown;
    try {
      for (;;) {
        before = snapshot(t);
        t.runStep();
      }
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NonFiniteLossError);
    const e = err as NonFiniteLossError;
    expect(e.objective).toBe('vq-vae');
    expect(e.nodeId).toBe('total');
    expect(e.step).toBe(t.step);
    expect(snapshot(t)).toEqual(before);
    t.built.dispose();
  });

  it('runs objectives every k steps from s and leaves frozen weights alone', async () => {
    const doc = smallVqVae({ steps: 4, batchSize: 4 });
    const stage = doc.training.stages[0]!;
    stage.objectives[0]!.every = 2;
    stage.objectives[0]!.from = 1;
    stage.frozen = ['encoder'];
    const t = new Trainer(await compileAndBuild(tf, doc));
    const s0 = snapshot(t);
    expect(t.runStep().losses).toEqual({});
    expect(snapshot(t)).toEqual(s0);
    expect(Object.keys(t.runStep().losses)).toEqual(['vq-vae']);
    const s2 = snapshot(t);
    expect(s2['decoder/out.kernel']).not.toEqual(s0['decoder/out.kernel']);
    expect(s2['encoder/out.kernel']).toEqual(s0['encoder/out.kernel']);
    t.built.dispose();
  });
});
