// Trains the FVSBN, NADE, MADE and PixelCNN templates on binarized MNIST AS SHIPPED, for a time
// budget each, through the engine (compile -> build -> Trainer, exactly what the app runs) and
// writes docs/results/autoregressive.md: exact test NLL in nats over the whole test split next to
// the published numbers, steps, wall time, backend, load, and the template's sampler's exact
// samples (docs/results/autoregressive-<template>.png). Only the time budget is the script's.
//
//   node --import ./main/runtime/register.mjs scripts/results-autoregressive.ts [--only made,nade] [--seconds 180] [--no-write]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import * as tf from '@tensorflow/tfjs';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import type { DatasetArrays, NodeLayer } from '../core/node-contract/node-definition';
import { nodeRegistry } from '../nodes/registry';
import { initBackend } from '../main/engine/backend/select-backend';
import { createDataProvider, createShapeEnv } from '../main/engine/data/data-provider';
import { buildProgram, type BuiltProgram } from '../main/engine/build/build-program';
import { evaluation } from '../main/engine/build/evaluate';
import { Trainer } from '../main/engine/train/trainer';
import { createRng } from '../main/engine/train/rng';
import { bernoulliNllPerExample } from '../nodes/autoregressive/bernoulli-nll/bernoulli-nll.layer';
import { autoregressiveReport, type ArModel, type ArRow } from './results-autoregressive-report';

const models: ArModel[] = [
  {
    key: 'fvsbn',
    title: 'FVSBN',
    published: 97.45,
    paper:
      'the figure given in the project issue for FVSBN (a logistic autoregressive model, as tabulated in the NADE literature)',
  },
  {
    key: 'nade',
    title: 'NADE',
    published: 88.86,
    paper:
      'the figure given in the project issue for NADE (Larochelle & Murray 2011, 500 hidden units)',
  },
  {
    key: 'made',
    title: 'MADE',
    published: 86.64,
    paper:
      'Germain et al. 2015, two hidden layers and 32 masks (as listed in van den Oord et al. 2016, table 4)',
  },
  {
    key: 'pixelcnn',
    title: 'PixelCNN',
    published: 81.3,
    paper: 'van den Oord et al. 2016, table 4',
  },
];

export interface AutoregressiveResultsOptions {
  /** Template names to run (fvsbn, nade, made, pixelcnn); all when absent. */
  only?: string[];
  /** Training-time budget per template, in seconds. */
  seconds?: number;
  /** Write docs/results/autoregressive.md and the sample PNGs (default true). */
  write?: boolean;
}

const load = (name: string): TesseraDocument =>
  JSON.parse(readFileSync(path.join('templates', `${name}.json`), 'utf8')) as TesseraDocument;

/** The data/mnist node's binarization (threshold at 0.5), applied to a whole split. */
const binarize = (a: DatasetArrays): Float32Array => a.images.map((v) => (v > 0.5 ? 1 : 0));

const evalCtx = (batchSize: number, seed: number) => ({
  training: false,
  step: 0,
  batchSize,
  split: 'test' as const,
  rng: createRng(seed),
  handles: {},
});

/** Mean exact NLL (nats per image) of the template's density layer over a whole split, in chunks. */
const splitNll = (layer: NodeLayer, images: Float32Array, count: number): number => {
  let total = 0;
  const chunk = 256;
  for (let i = 0; i < count; i += chunk) {
    const n = Math.min(chunk, count - i);
    total += tf.tidy(() => {
      const x = tf.tensor4d(images.subarray(i * 784, (i + n) * 784), [n, 28, 28, 1]);
      const logits = layer.apply({ x }, evalCtx(n, 1))['logits'] as tf.Tensor;
      return tf.sum(bernoulliNllPerExample(tf, logits, x)).dataSync()[0] as number;
    });
  }
  return total / count;
};

const writeGrid = (file: string, samples: Float32Array, n: number, cols: number, zoom = 3) => {
  const rows = Math.ceil(n / cols);
  const pad = 2;
  const w = cols * (28 * zoom + pad) + pad;
  const h = rows * (28 * zoom + pad) + pad;
  const png = new PNG({ width: w, height: h });
  png.data.fill(128);
  for (let k = 0; k < n; k++) {
    const ox = pad + (k % cols) * (28 * zoom + pad);
    const oy = pad + Math.floor(k / cols) * (28 * zoom + pad);
    for (let y = 0; y < 28 * zoom; y++)
      for (let x = 0; x < 28 * zoom; x++) {
        const px = samples[k * 784 + Math.floor(y / zoom) * 28 + Math.floor(x / zoom)] ?? 0;
        const v = px > 0.5 ? 255 : 0;
        const o = ((oy + y) * w + ox + x) * 4;
        png.data[o] = v;
        png.data[o + 1] = v;
        png.data[o + 2] = v;
        png.data[o + 3] = 255;
      }
  }
  writeFileSync(file, PNG.sync.write(png));
};

const runTemplate = async (spec: ArModel, seconds: number, write: boolean): Promise<ArRow> => {
  const doc = load(spec.key);
  const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
  if (compiled.diagnostics.length > 0 || !compiled.program)
    throw new Error(`${spec.key}: ${JSON.stringify(compiled.diagnostics)}`);
  const data = createDataProvider();
  const built: BuiltProgram = await buildProgram(tf, compiled.program, {
    data,
    seed: doc.training.seed,
  });
  const layer = built.calls.get('model')?.layers.get('ar');
  if (!layer) throw new Error(`${spec.key}: the density module has no 'ar' layer.`);
  const [train, test] = [await data.load('mnist', 'train'), await data.load('mnist', 'test')];
  const [trainX, testX] = [binarize(train), binarize(test)];
  const evalTrainCount = Math.min(train.count, 2000);
  const params = Object.values(layer.weights).reduce((s, v) => s + v.size, 0);
  const untrained = splitNll(layer, testX, test.count);
  const trainer = new Trainer(built);
  const curve: [number, number][] = [];
  let running = NaN;
  let trainMs = 0;
  while (!trainer.done && trainMs < seconds * 1000) {
    const t0 = performance.now();
    const r = trainer.runStep();
    trainMs += performance.now() - t0;
    const loss = Object.values(r.losses)[0] ?? NaN;
    running = Number.isNaN(running) ? loss : 0.98 * running + 0.02 * loss;
    if (r.step % 50 === 0) {
      curve.push([r.step, running]);
      console.log(
        `${spec.key} step ${r.step} train nll ~${running.toFixed(2)} (${(trainMs / 1000).toFixed(0)} s)`,
      );
    }
  }
  const testNll = splitNll(layer, testX, test.count);
  const trainNll = splitNll(layer, trainX, evalTrainCount);
  console.log(
    `${spec.key}: test NLL ${testNll.toFixed(2)} after ${trainer.step} steps (${(trainMs / 1000).toFixed(0)} s)`,
  );
  const count = Number(doc.nodes['sampler']?.params['count'] ?? 16);
  const s0 = performance.now();
  const samples = tf.tidy(
    () =>
      evaluation(built, evalCtx(count, 7))
        .output({ node: 'sampler', port: 'samples' })
        .dataSync() as Float32Array,
  );
  const sampleSeconds = (performance.now() - s0) / 1000;
  if (write)
    writeGrid(path.join('docs', 'results', `autoregressive-${spec.key}.png`), samples, count, 8);
  const adam = doc.nodes['adam']!.params;
  const ar = doc.modules['density']!.nodes['ar']!;
  built.dispose();
  return {
    spec,
    config: `${ar.type} ${JSON.stringify(ar.params)}`,
    lr: Number(adam['lr']),
    batch: doc.training.batchSize,
    templateSteps: doc.training.stages.reduce((n, s) => n + s.steps, 0),
    params,
    untrained,
    trainNll,
    testNll,
    steps: trainer.step,
    trainSeconds: trainMs / 1000,
    sampleSeconds,
    samples: count,
    curve,
  };
};

/** Trains the selected templates and returns the markdown report (also written unless write is false). */
export const autoregressiveResults = async (
  opts: AutoregressiveResultsOptions = {},
): Promise<string> => {
  const seconds = opts.seconds ?? 180;
  const write = opts.write ?? true;
  const loadBefore = os.loadavg();
  const { info } = await initBackend({ backend: 'auto' });
  const data = createDataProvider();
  const [train, test] = [await data.load('mnist', 'train'), await data.load('mnist', 'test')];
  console.log(`backend ${info.name} (${info.reason}); load ${loadBefore.map((l) => l.toFixed(2))}`);
  if (write) mkdirSync(path.join('docs', 'results'), { recursive: true });
  const rows: ArRow[] = [];
  for (const spec of models) {
    if (opts.only && !opts.only.includes(spec.key)) continue;
    rows.push(await runTemplate(spec, seconds, write));
  }
  const md = autoregressiveReport(rows, {
    backend: info.name,
    reason: info.reason,
    nTrain: train.count,
    nTest: test.count,
    seconds,
    loadBefore,
    loadAfter: os.loadavg(),
    cpus: os.cpus().length,
  });
  if (write) writeFileSync(path.join('docs', 'results', 'autoregressive.md'), md);
  return md;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const only = arg('only')?.split(',');
  const write = !process.argv.includes('--no-write');
  const md = await autoregressiveResults({
    ...(only ? { only } : {}),
    seconds: Number(arg('seconds') ?? '180'),
    write,
  });
  if (!write) console.log(md);
}
