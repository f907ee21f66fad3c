// End to end: the bench models train on wasm exactly as on the cpu reference, on the wasm backend's
// single thread (training-e2e.test.ts) and on its XNNPACK thread pool (wasm-threads.test.ts): each
// test file runs in its own process, and the first wasm initialisation of a process fixes the count.
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from './select-backend';
import { relError } from './backend-test-utils';
import { autoencoderStep } from '../bench/models/conv-autoencoder.model';
import { dcganStep } from '../bench/models/dcgan.model';
import { transformerStep } from '../bench/models/transformer.model';
import { runStep, type StepDefinition } from '../parallel/step-program';

interface Trace {
  grads: Float32Array[];
  losses: number[];
}

/** Gradients of every phase at step 0 (before any update), then the losses of `steps` steps. */
async function trace<C>(
  backend: string,
  def: StepDefinition<C>,
  cfg: C,
  steps: number,
): Promise<Trace> {
  await tf.setBackend(backend);
  const p = def.create(tf, cfg);
  const grads: Float32Array[] = [];
  for (const phase of p.phases) {
    tf.tidy(() => {
      const { grads: g } = tf.variableGrads(
        () => phase.loss({ step: 0, shard: 0, shards: 1 }),
        phase.variables,
      );
      for (const v of phase.variables)
        grads.push(Float32Array.from((g[v.name] as tf.Tensor).dataSync()));
    });
  }
  const losses: number[] = [];
  for (let s = 0; s < steps; s++)
    losses.push(...Object.values(runStep(tf, p, { step: s, shard: 0, shards: 1 })));
  p.dispose();
  return { grads, losses };
}

async function compare<C>(
  def: StepDefinition<C>,
  cfg: C,
  steps: number,
): Promise<{ grad: number; loss: number }> {
  const w = await trace('wasm', def, cfg, steps);
  const c = await trace('cpu', def, cfg, steps);
  expect(w.grads.length).toBe(c.grads.length);
  return {
    grad: Math.max(...w.grads.map((g, i) => relError(g, c.grads[i] as Float32Array))),
    loss: relError(w.losses, c.losses),
  };
}

/** The cases, with the wasm backend started on `threads` threads. */
export function describeWasmMatchesCpu(threads: number): void {
  describe(`training on wasm (${threads} thread${threads > 1 ? 's' : ''}) matches the cpu reference`, () => {
    beforeAll(async () => {
      const { info } = await initBackend({ backend: 'wasm', threads });
      expect(info.threads).toBe(threads);
    });

    it('VQ conv autoencoder: gradients and first losses within 1e-4', async () => {
      const r = await compare(autoencoderStep, { batch: 4, width: 8 }, 3);
      expect(r.grad).toBeLessThan(1e-4);
      expect(r.loss).toBeLessThan(1e-4);
    });

    it('DCGAN D+G step: gradients and first losses within 1e-4', async () => {
      const r = await compare(dcganStep, { batch: 4, width: 8 }, 3);
      expect(r.grad).toBeLessThan(1e-4);
      expect(r.loss).toBeLessThan(1e-4);
    });

    it('small transformer: gradients and first losses within 1e-4', async () => {
      const r = await compare(
        transformerStep,
        { batch: 2, seq: 8, dim: 16, heads: 2, layers: 1 },
        3,
      );
      expect(r.grad).toBeLessThan(1e-4);
      expect(r.loss).toBeLessThan(1e-4);
    });

    it('tensor count stays flat over many wasm steps, and the autoencoder learns', async () => {
      await tf.setBackend('wasm');
      const p = autoencoderStep.create(tf, { batch: 16, width: 8, lr: 3e-3 });
      const first = runStep(tf, p, { step: 0, shard: 0, shards: 1 })['ae'] as number;
      runStep(tf, p, { step: 1, shard: 0, shards: 1 });
      const before = tf.memory().numTensors;
      let last = first;
      for (let s = 2; s < 40; s++)
        last = runStep(tf, p, { step: s, shard: 0, shards: 1 })['ae'] as number;
      expect(tf.memory().numTensors).toBe(before);
      expect(last).toBeLessThan(first * 0.6);
      p.dispose();
    });
  });
}
