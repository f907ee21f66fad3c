// Each GAN template, shrunk (8 base channels, batch 32), trains briefly through the engine
// (compile -> build -> Trainer) on MNIST, and learning is asserted with real bounds: the Fréchet
// distance of 500 samples (the template's own metric node, its generator handle, a 300-step
// feature classifier) falls well below that of the untrained generator; the DCGAN discriminator's
// loss halves; the WGAN critics' Wasserstein estimate rises, then falls as the generator
// catches up; clipping keeps every critic weight in [-0.01, 0.01]; the tensor count stays flat.
// The WGAN tests raise the learning rate (5e-5 -> 5e-4 and 1e-4 -> 1e-3) so that 300 steps suffice.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import { nodeRegistry } from '../nodes/registry';
import { initBackend } from '../main/engine/backend/select-backend';
import { createDataProvider, createShapeEnv } from '../main/engine/data/data-provider';
import { buildProgram, type BuiltProgram } from '../main/engine/build/build-program';
import { evaluation } from '../main/engine/build/evaluate';
import { Trainer, type StepReport } from '../main/engine/train/trainer';
import { createRng } from '../main/engine/train/rng';
import { runTraining } from '../main/engine/run/run-training';
import type { TrainEvent } from '../core/ipc/training-messages';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setGanWidth } from './testing/gan-width';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const load = (name: string): TesseraDocument =>
  JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as TesseraDocument;

const shrink = (name: string, lr?: number): TesseraDocument => {
  const doc = load(name);
  setGanWidth(doc, 8);
  doc.nodes['fid']!.params.classifierSteps = 300;
  doc.training.batchSize = 32;
  if (lr !== undefined) for (const id of ['opt-d', 'opt-g']) doc.nodes[id]!.params.lr = lr;
  return doc;
};

const frechet = (built: BuiltProgram): number =>
  tf.tidy(() => {
    const ctx = {
      training: false,
      step: 0,
      batchSize: 16,
      split: 'test' as const,
      rng: createRng(1),
      handles: {},
    };
    return evaluation(built, ctx).output({ node: 'fid', port: 'distance' }).dataSync()[0] as number;
  });

const train = async (doc: TesseraDocument, steps: number) => {
  const r = compileDocument(doc, nodeRegistry, createShapeEnv());
  expect(r.diagnostics).toEqual([]);
  const built = await buildProgram(tf, r.program!, {
    data: createDataProvider(),
    seed: doc.training.seed,
  });
  const before = frechet(built);
  const trainer = new Trainer(built, { steps });
  const reports: StepReport[] = [];
  let tensorsAtStep2 = 0;
  while (!trainer.done) {
    reports.push(trainer.runStep());
    if (trainer.step === 2) tensorsAtStep2 = tf.memory().numTensors;
  }
  const after = frechet(built);
  const floor = (built.top.layers.get('fid')?.preview?.() as { realVsRealFloor: number })
    .realVsRealFloor;
  console.log(
    `${doc.name}: Fréchet distance ${before.toFixed(1)} -> ${after.toFixed(1)} after ${steps} steps (real-vs-real floor ${floor.toFixed(2)})`,
  );
  return { built, before, after, reports, tensorsGrew: tf.memory().numTensors - tensorsAtStep2 };
};

const series = (reports: StepReport[], key: string): number[] =>
  reports.map((r) => r.metrics[key] ?? NaN);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
/** Peak of the 25-step moving average, and the mean of the last 25 steps. */
const peakAndEnd = (xs: number[]): { peak: number; end: number } => {
  let peak = -Infinity;
  for (let i = 25; i <= xs.length; i++) peak = Math.max(peak, mean(xs.slice(i - 25, i)));
  return { peak, end: mean(xs.slice(-25)) };
};

describe('GAN templates train on MNIST (wasm backend)', () => {
  it('DCGAN: 300 steps cut the Fréchet distance by 30%; the discriminator learns', async () => {
    const { built, before, after, reports, tensorsGrew } = await train(shrink('dcgan'), 300);
    expect(after).toBeLessThan(0.7 * before); // measured: 316 -> 175 (primitive modules; 335 -> 207 with the blocks)
    const dLoss = reports.map((r) => r.losses['Discriminator'] ?? NaN);
    expect(Math.min(...dLoss.slice(-50))).toBeLessThan(0.5 * (dLoss[0] ?? 0));
    expect(mean(series(reports, 'GAN loss.accuracy').slice(-50))).toBeGreaterThan(0.7);
    expect(tensorsGrew).toBe(0);
    built.dispose();
  }, 240_000);

  it('WGAN (clipping): critic weights stay clipped, the Wasserstein estimate peaks then falls, Fréchet distance falls', async () => {
    const { built, before, after, reports, tensorsGrew } = await train(
      shrink('wgan-clip', 5e-4),
      500,
    );
    expect(after).toBeLessThan(0.85 * before); // measured: 335 -> 254
    const { peak, end } = peakAndEnd(series(reports, 'Wasserstein loss.wasserstein'));
    expect(peak).toBeGreaterThan(0.05);
    expect(end).toBeLessThan(0.85 * peak);
    const critic = [...built.resolveWeights(['critic']).values()];
    expect(critic.length).toBe(8); // conv, conv, dense (W, b) and batch norm (gamma, beta): all clipped, as in the paper's code
    for (const v of critic)
      expect(Math.max(...Array.from(tf.tidy(() => tf.abs(v).dataSync())))).toBeLessThanOrEqual(
        0.01 + 1e-7,
      );
    expect(reports.filter((r) => 'Generator' in r.losses).length).toBe(100); // n_critic = 5
    expect(tensorsGrew).toBe(0);
    built.dispose();
  }, 240_000);

  it('WGAN-GP: gradient norms pulled toward 1, the Wasserstein estimate peaks then falls, Fréchet distance falls', async () => {
    const { built, before, after, reports, tensorsGrew } = await train(
      shrink('wgan-gp', 1e-3),
      300,
    );
    expect(after).toBeLessThan(0.6 * before); // measured: 335 -> 107
    const { peak, end } = peakAndEnd(series(reports, 'Wasserstein loss.wasserstein'));
    expect(peak).toBeGreaterThan(1);
    expect(end).toBeLessThan(0.9 * peak);
    const norms = series(reports, 'Gradient penalty.gradNorm').slice(-50);
    expect(mean(norms)).toBeGreaterThan(0.5);
    expect(mean(norms)).toBeLessThan(2.5);
    expect(tensorsGrew).toBe(0);
    built.dispose();
  }, 240_000);

  it('WGAN-GP runs through the app path (runTraining): sample grid, Wasserstein metric and Fréchet preview', async () => {
    const doc = shrink('wgan-gp', 1e-3);
    for (const p of Object.values(doc.previews)) p.every = 5;
    const events: TrainEvent[] = [];
    const outDir = mkdtempSync(path.join(tmpdir(), 'tessera-gan-'));
    try {
      const status = await runTraining(
        'gan-test',
        { document: doc, steps: 10, backend: 'wasm', outDir },
        (e) => events.push(e),
      );
      expect(status.state).toBe('finished');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
    const previews = events.flatMap((e) => (e.type === 'preview' ? [e] : []));
    const samples = previews.find((p) => p.previewId === 'samples');
    expect(samples?.image?.width).toBeGreaterThan(100);
    const fid = previews
      .filter((p) => p.previewId === 'fid')
      .map((p) => (p.data as { distance: number }).distance);
    expect(fid.length).toBeGreaterThanOrEqual(2);
    for (const d of fid) expect(d).toBeGreaterThan(0);
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e] : []));
    expect(progress.at(-1)?.step).toBe(10);
    expect(Object.keys(progress.at(-1)?.metrics ?? {})).toContain('Wasserstein loss.wasserstein');
  }, 240_000);
});
