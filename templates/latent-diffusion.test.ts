// Every template is a smoke test: latent diffusion compiles cleanly, refuses a stage 2 that would
// train the autoencoder, learns in both stages through the app's Trainer (stage 1 reconstructs,
// stage 2 denoises the latents of the frozen autoencoder), and its previews render as grids.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../core/graph/compile';
import { nodeRegistry } from '../nodes/registry';
import { canonicalCaptions } from '../nodes/text/shared/caption-sets';
import { initBackend } from '../main/engine/backend/select-backend';
import { createShapeEnv } from '../main/engine/data/data-provider';
import { evaluation } from '../main/engine/build/evaluate';
import { compileAndBuild, loadTemplate } from '../main/engine/testing/engine-fixtures';
import { evaluateScalars } from '../main/engine/train/evaluate-outputs';
import { renderPreview } from '../main/engine/train/previews';
import { createRng } from '../main/engine/train/rng';
import { Trainer } from '../main/engine/train/trainer';
import { LATENT_SCALE } from '../scripts/diffusion/latent-scale';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const t = (shape: (string | number)[], dtype = 'float32') => ({ kind: 'tensor', dtype, shape });
const fashionAvailable = createShapeEnv().datasets['fashion-mnist']?.available === true;

describe('templates/latent-diffusion.json', () => {
  it('compiles with no diagnostics: a 7 x 7 x 4 KL latent, a caption-conditioned latent UNet, decoded samples', () => {
    const doc = loadTemplate('latent-diffusion');
    const r = compileDocument(doc, nodeRegistry, createShapeEnv());
    expect(r.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const out = (id: string, port: string) => r.program!.graph.nodes[id]?.outputTypes[port];
    expect(out('enc', 'mean')).toEqual(t(['B', 7, 7, 4]));
    expect(out('posterior', 'z')).toEqual(t(['B', 7, 7, 4]));
    expect(out('posterior', 'kl')).toEqual(t([]));
    expect(out('dec', 'image')).toEqual(t(['B', 28, 28, 1]));
    expect(out('q', 'xt')).toEqual(t(['B', 7, 7, 4]));
    expect(out('tokenize', 'tokens')).toEqual(t(['B', 8], 'int32'));
    expect(out('text', 'c')).toEqual(t(['B', 8, 64]));
    expect(out('cfg', 'mask')).toEqual(t(['B', 8]));
    expect(out('prompt-text', 'c')).toEqual(t([10, 8, 64]));
    expect(out('unet', 'eps')).toEqual(t(['B', 7, 7, 4]));
    expect(out('sampler', 'samples')).toEqual(t([40, 7, 7, 4]));
    expect(out('decode-samples', 'image')).toEqual(t([40, 28, 28, 1]));
    expect(out('decode-strip', 'image')).toEqual(t([32, 28, 28, 1]));
    expect(out('decode-sweep', 'image')).toEqual(t([16, 28, 28, 1]));
    // The scale factor is applied on the way in and undone on the way out.
    expect(doc.nodes['latent-scale']!.params.factor).toBe(LATENT_SCALE);
    expect(doc.nodes['unscale-samples']!.params.factor).toBeCloseTo(1 / LATENT_SCALE, 12);
    const [s1, s2] = doc.training.stages;
    expect(s1!.objectives[0]!.updates).toEqual(['encoder', 'decoder']);
    expect(s2!.frozen).toEqual(['encoder', 'decoder']);
    expect(s2!.objectives[0]!.updates).toEqual(['latent-unet', 'text-encoder', 'cfg']);
    expect(Object.values(doc.previews).map((p) => p.kind)).toEqual([
      'reconstruction',
      'scalar',
      'samples',
      'denoising-strip',
      'guidance-sweep',
    ]);
  });

  it('refuses a stage 2 that would train the autoencoder, naming the Encoder and the fix', () => {
    const doc = loadTemplate('latent-diffusion');
    const s2 = doc.training.stages[1]!;
    delete s2.frozen;
    s2.objectives[0]!.updates = ['*'];
    const errors = compileDocument(doc, nodeRegistry, createShapeEnv()).diagnostics.filter(
      (d) => d.severity === 'error',
    );
    expect(errors).toEqual([
      expect.objectContaining({
        source: 'training',
        nodeId: 'enc',
        message: expect.stringContaining(
          'would train Encoder (module "encoder"), which makes the data that Diffusion Step (q_sample) diffuses (its input "x0"), and which stage 1 trained',
        ),
      }),
    ]);
    expect(errors[0]!.message).toContain('Add "encoder" to the stage\'s frozen list');
    // Freezing it (the template's own setting) clears it; so does leaving it out of the updates.
    s2.frozen = ['encoder', 'decoder'];
    expect(compileDocument(doc, nodeRegistry, createShapeEnv()).diagnostics).toEqual([]);
  });

  // Measured (wasm, 2 shared vCPUs, load ~2): stage 1 at batch 16 ~330 ms/step, its loss (MSE +
  // 1e-5 KL) 0.17 at step 1 and ~0.03 by step 40; stage 2 ~370 ms/step, the test noise MSE on the
  // latents 1.01 -> 0.16 after 80 steps at lr 1e-3 (template: 5e-4). Bounds keep a ~2x margin.
  it.skipIf(!fashionAvailable)(
    'learns: stage 1 reconstructs, then stage 2 denoises the frozen latents (40 + 70 steps, batch 16)',
    async () => {
      const doc = loadTemplate('latent-diffusion');
      doc.training.batchSize = 16;
      doc.training.checkpointEvery = 0;
      doc.training.stages[0]!.steps = 40;
      doc.training.stages[1]!.steps = 70;
      doc.nodes.adam!.params = { ...doc.nodes.adam!.params, lr: 0.001 };
      const built = await compileAndBuild(tf, doc);
      const trainer = new Trainer(built);
      const ae: number[] = [];
      while (trainer.step < 40) ae.push(trainer.runStep().losses['Reconstruction + KL'] ?? NaN);
      const mean10 = (xs: number[]) => xs.slice(-10).reduce((a, b) => a + b, 0) / 10;
      console.log(
        `latent-diffusion stage 1: loss ${ae[0]!.toFixed(4)} -> ${mean10(ae).toFixed(4)}`,
      );
      expect(ae.every(Number.isFinite)).toBe(true);
      expect(ae[0]).toBeGreaterThan(0.1);
      expect(mean10(ae)).toBeLessThan(0.06);

      // The latents stage 2 diffuses: posterior samples of training images, times the scale factor.
      const std = tf.tidy(() => {
        const ev = evaluation(built, {
          training: true,
          step: 40,
          batchSize: 128,
          split: 'train',
          rng: createRng(5),
          handles: {},
        });
        const z = ev.output({ node: 'latent-scale', port: 'y' });
        return Math.sqrt(tf.moments(z).variance.dataSync()[0]!);
      });
      console.log(`latent-diffusion: scaled latents' std ${std.toFixed(3)} after 40 stage-1 steps`);
      expect(std).toBeGreaterThan(0.6);
      expect(std).toBeLessThan(1.5);

      const frozen = (ids: string[]) =>
        [...built.resolveWeights(ids).values()].map((v) => Float32Array.from(v.dataSync()));
      const aeBefore = frozen(['encoder', 'decoder']);
      const textBefore = frozen(['text-encoder']);
      const refs = [{ node: 'loss', port: 'loss' }];
      const before = evaluateScalars(built, refs, { batchSize: 128 })['loss.loss']!;
      const dn: number[] = [];
      while (!trainer.done) dn.push(trainer.runStep().losses['Noise prediction'] ?? NaN);
      const after = evaluateScalars(built, refs, { batchSize: 128 })['loss.loss']!;
      console.log(
        `latent-diffusion stage 2: test noise MSE ${before.toFixed(4)} -> ${after.toFixed(4)} (last 10 training ${mean10(dn).toFixed(4)})`,
      );
      expect(dn).toHaveLength(70);
      expect(dn.every(Number.isFinite)).toBe(true);
      expect(before).toBeGreaterThan(0.8);
      expect(after).toBeLessThan(0.35);
      // The autoencoder did not move in stage 2; the text encoder, trained with the UNet, did.
      expect(frozen(['encoder', 'decoder'])).toEqual(aeBefore);
      const textAfter = frozen(['text-encoder']);
      expect(textAfter.some((w, i) => w.some((v, j) => v !== textBefore[i]![j]))).toBe(true);
      built.dispose();
    },
    150_000,
  );

  it.skipIf(!fashionAvailable)(
    'previews render as labelled grids: decoded samples per caption, strip, guidance sweep',
    async () => {
      const doc = loadTemplate('latent-diffusion');
      doc.training.checkpointEvery = 0;
      for (const id of ['sampler', 'sweep'])
        doc.nodes[id]!.params = { ...doc.nodes[id]!.params, samplingSteps: 4 };
      const built = await compileAndBuild(tf, doc);
      const prompts = canonicalCaptions('fashion-mnist');
      const render = (id: string) => renderPreview(built, doc.previews[id]!, 'run', 0)!.event;
      // 28 x 28 tiles at scale 2 with 2-px gaps: 58 px per tile plus 2.
      const side = (n: number) => n * 58 + 2;
      const samples = render('samples');
      expect([samples.image?.width, samples.image?.height]).toEqual([side(4), side(10)]);
      expect(samples.data).toEqual({ grid: { rows: 10, columns: 4, rowLabels: prompts } });
      const strip = render('strip');
      expect([strip.image?.width, strip.image?.height]).toEqual([side(5), side(4)]);
      expect(strip.data).toMatchObject({
        grid: { rows: 4, columns: 5, rowLabels: prompts.slice(0, 4) },
      });
      expect((strip.data as { grid: { columnLabels: string[] } }).grid.columnLabels).toEqual([
        'noise',
        't = 666',
        't = 333',
        't = 0',
        'x0',
      ]);
      const sweep = render('sweep');
      expect([sweep.image?.width, sweep.image?.height]).toEqual([side(4), side(4)]);
      expect(sweep.data).toMatchObject({
        grid: { columnLabels: ['w = 0', 'w = 1', 'w = 3', 'w = 5'] },
      });
      // Decoded by the Decoder's Sigmoid: images in [0, 1].
      const images = tf.tidy(() =>
        evaluation(built, {
          training: false,
          step: 0,
          batchSize: 4,
          split: 'test',
          rng: createRng(1),
          handles: {},
        })
          .output({ node: 'decode-samples', port: 'image' })
          .dataSync(),
      );
      expect(Math.min(...images)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...images)).toBeLessThanOrEqual(1);
      built.dispose();
    },
    120_000,
  );
});
