// The VQGAN template compiles cleanly, and a shrunken copy trains through the engine's trainer:
// stage 1 (VQ autoencoder + PatchGAN with the adaptive weight) lowers the reconstruction error,
// stage 2 (GPT prior on the frozen codes) brings the NLL per code below log K; samples decode.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import type { ApplyContext } from '../core/node-contract/node-definition';
import { nodeRegistry } from '../nodes/registry';
import { createDataProvider, createShapeEnv } from '../main/engine/data/data-provider';
import { initBackend } from '../main/engine/backend/select-backend';
import { buildProgram, type BuiltProgram } from '../main/engine/build/build-program';
import { evaluation } from '../main/engine/build/evaluate';
import { Trainer } from '../main/engine/train/trainer';
import { createRng } from '../main/engine/train/rng';
import { renderPreview } from '../main/engine/train/previews';

const load = (): TesseraDocument =>
  JSON.parse(readFileSync(new URL('./vqgan.json', import.meta.url), 'utf8')) as TesseraDocument;

const K = 16;

/** The template at test size: same graph and stages, narrower layers, fewer steps. */
const shrink = (
  doc: TesseraDocument,
  stage1: number,
  stage2: number,
  discStart: number,
): TesseraDocument => {
  const d = structuredClone(doc);
  const set = (
    nodes: Record<string, { params: Record<string, unknown> }>,
    id: string,
    p: Record<string, unknown>,
  ) => Object.assign(nodes[id]!.params, p);
  set(d.nodes, 'enc', { widths: [8, 16], outChannels: 8 });
  set(d.nodes, 'enc-attn', { groups: 2 });
  set(d.nodes, 'vq', { codebookSize: K });
  set(d.nodes, 'lookup', { codebookSize: K });
  set(d.nodes, 'opt-p', { lr: 3e-3 });
  const dec = d.modules['decoder']!.nodes;
  set(dec, 'dec-in', { shape: 'B, 7, 7, 8' });
  set(dec, 'dec-attn', { groups: 2 });
  set(dec, 'dec-net', { widths: [16, 8], outChannels: 8 });
  set(dec, 'dec-last', { discStart });
  set(d.modules['disc']!.nodes, 'disc-net', { baseChannels: 4 });
  set(d.modules['prior']!.nodes, 'prior-net', {
    codebookSize: K,
    dim: 32,
    layers: 1,
    heads: 2,
    mlpRatio: 2,
  });
  d.training.batchSize = 16;
  const [s1, s2] = d.training.stages;
  s1!.steps = stage1;
  s1!.objectives.find((o) => o.id === 'd')!.from = discStart;
  s2!.steps = stage2;
  return d;
};

const testCtx = (built: BuiltProgram, step: number): ApplyContext => ({
  training: false,
  step,
  batchSize: 64,
  split: 'test',
  rng: createRng(99),
  handles: {},
});

/** Reconstruction MSE, code perplexity and prior NLL on one fixed test batch of 64 digits. */
const measure = (built: BuiltProgram, step: number) =>
  built.tf.tidy(() => {
    const ev = evaluation(built, testCtx(built, step));
    const value = (node: string, port: string) => ev.output({ node, port }).dataSync()[0]!;
    return {
      mse: value('rec', 'loss'),
      perplexity: value('vq', 'perplexity'),
      nll: value('prior', 'nll'),
    };
  });

describe('VQGAN template', () => {
  it('compiles cleanly: 28x28 images -> 7x7 codes -> 28x28 reconstructions; prior logits over K codes', () => {
    const r = compileDocument(load(), nodeRegistry, createShapeEnv());
    expect(r.diagnostics).toEqual([]);
    const nodes = r.program!.graph.nodes;
    expect(nodes['vq']?.outputTypes['indices']).toEqual({
      kind: 'tensor',
      dtype: 'int32',
      shape: ['B', 7, 7],
    });
    expect(nodes['dec']?.outputTypes['image']).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 28, 28, 1],
    });
    expect(nodes['prior']?.outputTypes['logits']).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 49, 64],
    });
    expect(nodes['dec-sample']?.outputTypes['image']).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 28, 28, 1],
    });
    const [s1, s2] = r.program!.training.stages;
    expect(s1?.objectives.map((o) => [o.updates, o.from])).toEqual([
      [['enc', 'enc-attn', 'vq', 'decoder'], 0],
      [['disc'], 400],
    ]);
    expect(r.program!.modules['decoder']?.nodes['dec-last']?.params['discStart']).toBe(400);
    expect(s2?.frozen).toEqual(['enc', 'enc-attn', 'vq', 'decoder', 'disc']);
  });

  it('trains both stages through the trainer: MSE falls, adaptive lambda > 0 after disc start, prior NLL < log K, samples decode', async () => {
    const { tf, info } = await initBackend();
    const compiled = compileDocument(shrink(load(), 240, 100, 160), nodeRegistry, createShapeEnv());
    expect(compiled.diagnostics).toEqual([]);
    const program = compiled.program!;
    const built = await buildProgram(tf, program, {
      data: createDataProvider(),
      seed: program.training.seed,
    });
    const trainer = new Trainer(built);
    const before = measure(built, 0);
    const lambdas: number[] = [];
    let tensors = 0;
    while (trainer.step < 240) {
      const r = trainer.runStep();
      if (r.step > 160) lambdas.push(r.metrics['Decoder.lambda'] ?? NaN);
      if (r.step === 170) tensors = tf.memory().numTensors; // after the discriminator's optimizer made its slots
    }
    expect(tf.memory().numTensors).toBe(tensors);
    const afterStage1 = measure(built, trainer.step);
    while (!trainer.done) trainer.runStep();
    const after = measure(built, trainer.step);
    console.log(
      `backend ${info.name}: mse ${before.mse.toFixed(4)} -> ${afterStage1.mse.toFixed(4)}; perplexity ${afterStage1.perplexity.toFixed(2)}; prior nll ${before.nll.toFixed(3)} -> ${after.nll.toFixed(3)} (log K = ${Math.log(K).toFixed(3)}); lambda ${lambdas
        .slice(-3)
        .map((l) => l.toFixed(3))
        .join(' ')}`,
    );
    // MNIST pixels vary by ~0.067 around the mean digit: a bound below that means the codes carry the digit.
    expect(afterStage1.mse).toBeLessThan(0.05);
    expect(afterStage1.mse).toBeLessThan(before.mse * 0.5);
    expect(afterStage1.perplexity).toBeGreaterThan(2);
    // The discriminator started at step 160: the adaptive weight is positive and finite from then on.
    expect(lambdas.length).toBeGreaterThan(0);
    for (const l of lambdas.slice(1)) expect(l).toBeGreaterThan(0);
    // Stage 2: frozen autoencoder (MSE unchanged), prior below the uniform log K.
    expect(after.mse).toBeCloseTo(afterStage1.mse, 6);
    expect(after.nll).toBeLessThan(Math.log(K));
    expect(after.nll).toBeLessThan(before.nll - 0.3);
    // The sampling path renders: prior -> code sampler -> codebook lookup -> decoder.
    const samples = renderPreview(
      built,
      program.previews.find((p) => p.id === 'samples')!,
      'test',
      trainer.step,
    );
    expect(samples?.png?.length).toBeGreaterThan(100);
    const usage = renderPreview(
      built,
      program.previews.find((p) => p.id === 'usage')!,
      'test',
      trainer.step,
    );
    expect((usage?.event.data as { used: number }).used).toBeGreaterThan(2);
    built.dispose();
  }, 400_000);
});
