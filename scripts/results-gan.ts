// Trains the DCGAN, WGAN (weight clipping) and WGAN-GP templates on MNIST AS SHIPPED, for a time
// budget each, through the engine (compile -> build -> Trainer, exactly what the app runs) and
// writes docs/results/gan.md: steps, wall time, backend, load, the Fréchet distance of the untrained
// and the trained generator next to the real-vs-real floor, the share of samples the Fréchet
// classifier labels with confidence > 0.9, the critic's estimate over training, and a grid of 64
// samples per model (docs/results/gan-<template>.png). Only the time budget is the script's.
//
//   node --import ./main/runtime/register.mjs scripts/results-gan.ts [--only dcgan,wgan-gp] [--seconds 200] [--no-write]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import { nodeRegistry } from '../nodes/registry';
import { initBackend } from '../main/engine/backend/select-backend';
import { createDataProvider, createShapeEnv } from '../main/engine/data/data-provider';
import { buildProgram, type BuiltProgram } from '../main/engine/build/build-program';
import { evaluation } from '../main/engine/build/evaluate';
import { Trainer } from '../main/engine/train/trainer';
import { createRng } from '../main/engine/train/rng';
import { renderGrid } from '../main/engine/train/png-grid';
import {
  cachedFeatureClassifier,
  heldOutRows,
} from '../nodes/metric/frechet-distance/frechet-distance.layer';
import {
  DEFAULT_CLASSIFIER,
  imageBatch,
  type ClassifierConfig,
  type FeatureClassifier,
} from '../nodes/metric/frechet-distance/feature-classifier';
import { ganReport, type GanResult, type GanSpec, type Labelling } from './results-gan-report';

const specs: GanSpec[] = [
  { template: 'dcgan', title: 'DCGAN (non-saturating)', metric: 'GAN loss.accuracy' },
  { template: 'wgan-clip', title: 'WGAN, weight clipping', metric: 'Wasserstein loss.wasserstein' },
  { template: 'wgan-gp', title: 'WGAN-GP', metric: 'Wasserstein loss.wasserstein' },
];

export interface GanResultsOptions {
  /** Template names to run (default: all three). */
  only?: string[];
  /** Training-time budget per model, in seconds. */
  seconds?: number;
  /** Write docs/results/gan.md and the PNGs (default true). */
  write?: boolean;
}

/** Confidence above which a sample counts as labelled (a recognisable digit to the classifier). */
export const CONFIDENT = 0.9;
const SAMPLES = 500;

const load = (name: string): TesseraDocument =>
  JSON.parse(readFileSync(path.join('templates', `${name}.json`), 'utf8')) as TesseraDocument;

/** F, the base feature maps, wherever the template keeps it (module param or legacy block). */
const baseWidth = (doc: TesseraDocument): number => {
  const g = doc.modules['generator'];
  const legacy = g?.nodes['gen-net']?.params['baseChannels'];
  return Number(legacy ?? g?.params?.['features']?.default ?? NaN);
};

const evalCtx = (batchSize: number, seed: number, step = 0) => ({
  training: false,
  step,
  batchSize,
  split: 'test' as const,
  rng: createRng(seed),
  handles: {},
});

const frechet = (built: BuiltProgram, step: number): number =>
  tf.tidy(
    () =>
      evaluation(built, evalCtx(16, 1, step))
        .output({ node: 'fid', port: 'distance' })
        .dataSync()[0] as number,
  );

/**
 * How the classifier labels images: the share whose top softmax probability exceeds CONFIDENT,
 * and among those, how many of the 10 classes get at least 2% of them and the largest class's share
 * (an untrained generator's grey blobs can be labelled confidently, but all as one class).
 */
const labelling = (classifier: FeatureClassifier, images: () => tf.Tensor): Labelling => {
  const [topT, labelT] = tf.tidy(() => {
    const probs = tf.softmax(classifier.logits(images()) as tf.Tensor2D);
    return [tf.max(probs, 1), tf.argMax(probs, 1)];
  });
  const top = Array.from(topT.dataSync() as Float32Array);
  const label = Array.from(labelT.dataSync() as Int32Array);
  topT.dispose();
  labelT.dispose();
  const counts = new Array<number>(10).fill(0);
  let confident = 0;
  top.forEach((p, i) => {
    if (p <= CONFIDENT) return;
    confident += 1;
    const k = label[i] ?? 0;
    counts[k] = (counts[k] ?? 0) + 1;
  });
  return {
    share: confident / top.length,
    classes: counts.filter((n) => confident > 0 && n >= 0.02 * confident).length,
    largest: confident > 0 ? Math.max(...counts) / confident : 0,
  };
};

/** SAMPLES generated images from the template's own noise node, seeded (the same every call). */
const generated = (built: BuiltProgram): tf.Tensor =>
  evaluation(built, evalCtx(SAMPLES, 7)).output({ node: 'gen', port: 'image' });

const samplesPng = (built: BuiltProgram): Buffer =>
  tf.tidy(() => {
    const t = evaluation(built, evalCtx(64, 5)).output({ node: 'gen', port: 'image' });
    return renderGrid(
      [{ data: Float32Array.from(t.dataSync()), count: 64, height: 28, width: 28, channels: 1 }],
      8,
    );
  });

const run = async (spec: GanSpec, seconds: number, write: boolean): Promise<GanResult> => {
  const doc = load(spec.template);
  const fidParams = doc.nodes['fid']!.params;
  const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
  if (compiled.diagnostics.length > 0 || !compiled.program)
    throw new Error(`${spec.template}: ${JSON.stringify(compiled.diagnostics)}`);
  const data = createDataProvider();
  const built = await buildProgram(tf, compiled.program, { data, seed: doc.training.seed });
  // The metric node's classifier (same config, so the node's cached instance).
  const config: ClassifierConfig = {
    ...DEFAULT_CLASSIFIER,
    steps: Number(fidParams['classifierSteps']),
    featureDim: Number(fidParams['featureDim']),
    seed: Number(fidParams['seed']),
  };
  const [train, test] = [await data.load('mnist', 'train'), await data.load('mnist', 'test')];
  const classifier = cachedFeatureClassifier(tf, train, test, config);
  const realConfident = labelling(classifier, () =>
    imageBatch(tf, test, heldOutRows(test, config.seed).slice(0, SAMPLES)),
  );
  const confidentNow = (): Labelling => labelling(classifier, () => generated(built));
  const untrained = frechet(built, 0);
  const untrainedConfident = confidentNow();
  const fdEvery = Number(fidParams['every'] ?? 100);
  const fdCurve = [{ step: 0, fd: untrained }];
  const trainer = new Trainer(built);
  const values: number[] = [];
  let generatorUpdates = 0;
  let trainMs = 0;
  while (!trainer.done && trainMs < seconds * 1000) {
    const t0 = Date.now();
    const r = trainer.runStep();
    trainMs += Date.now() - t0;
    values.push(r.metrics[spec.metric] ?? NaN);
    if ('Generator' in r.losses) generatorUpdates += 1;
    if (r.step % fdEvery === 0) {
      fdCurve.push({ step: r.step, fd: frechet(built, r.step) });
      console.log(
        `${spec.template} step ${r.step}: Fréchet ${fdCurve.at(-1)?.fd.toFixed(1)}, ${spec.metric} ${values.at(-1)?.toFixed(3)}, ${(trainMs / r.step).toFixed(0)} ms/step`,
      );
    }
  }
  const trained = frechet(built, trainer.step);
  if (fdCurve.at(-1)?.step !== trainer.step) fdCurve.push({ step: trainer.step, fd: trained });
  const trainedConfident = confidentNow();
  const preview = built.top.layers.get('fid')?.preview?.() as { realVsRealFloor: number };
  const window = Math.max(10, Math.round(values.length / 12 / 10) * 10);
  const curve: GanResult['curve'] = [];
  for (let from = 0; from < values.length; from += window) {
    const part = values.slice(from, from + window);
    curve.push({
      from: from + 1,
      to: from + part.length,
      mean: part.reduce((a, b) => a + b, 0) / part.length,
    });
  }
  if (write)
    writeFileSync(path.join('docs', 'results', `gan-${spec.template}.png`), samplesPng(built));
  const params = [...built.resolveWeights(['generator']).values()].reduce((n, v) => n + v.size, 0);
  built.dispose();
  return {
    spec,
    lr: Number(doc.nodes['opt-d']!.params['lr']),
    batch: doc.training.batchSize,
    width: baseWidth(doc),
    templateSteps: doc.training.stages.reduce((n, s) => n + s.steps, 0),
    description: doc.description ?? '',
    steps: trainer.step,
    generatorUpdates,
    trainSeconds: trainMs / 1000,
    untrained,
    trained,
    floor: preview.realVsRealFloor,
    classifierAccuracy: classifier.testAccuracy,
    confident: { untrained: untrainedConfident, trained: trainedConfident, real: realConfident },
    fdCurve,
    curve,
    params,
  };
};

/** Trains the selected templates and writes (or returns) the report; for `npm run results` too. */
export const ganResults = async (opts: GanResultsOptions = {}): Promise<string> => {
  const seconds = opts.seconds ?? 200;
  const write = opts.write ?? true;
  const loadBefore = os.loadavg();
  const { info } = await initBackend();
  console.log(`backend ${info.name}: ${info.reason}; load ${loadBefore.map((l) => l.toFixed(2))}`);
  if (write) mkdirSync(path.join('docs', 'results'), { recursive: true });
  const results: GanResult[] = [];
  for (const spec of specs) {
    if (opts.only && !opts.only.includes(spec.template)) continue;
    const r = await run(spec, seconds, write);
    console.log(
      `${spec.template}: ${r.steps} steps in ${r.trainSeconds.toFixed(0)} s; Fréchet ${r.untrained.toFixed(1)} -> ${r.trained.toFixed(1)} (floor ${r.floor.toFixed(2)}); confident ${JSON.stringify(r.confident.trained)}`,
    );
    results.push(r);
  }
  const md = ganReport(results, {
    backend: info.name,
    reason: info.reason,
    seconds,
    confident: CONFIDENT,
    samples: SAMPLES,
    loadBefore,
    loadAfter: os.loadavg(),
    cpus: os.cpus().length,
  });
  if (write) {
    writeFileSync(path.join('docs', 'results', 'gan.md'), `${md}\n`);
    console.log('wrote docs/results/gan.md');
  }
  return md;
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const only = arg('--only')?.split(',');
  const md = await ganResults({
    ...(only ? { only } : {}),
    seconds: Number(arg('--seconds') ?? 200),
    write: !args.includes('--no-write'),
  });
  if (args.includes('--no-write')) console.log(md);
}
