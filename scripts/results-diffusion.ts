// Trains the shipped diffusion templates (ddpm: pixel space, MNIST; latent-diffusion: KL
// autoencoder then a UNet on its latents, Fashion-MNIST) for a time budget through the engine
// (compile -> build -> Trainer, what the app runs), samples them with copies of their own sampler
// nodes (DDIM at 50 / 20 / 10 steps with guidance w = 3, DDIM 20 and DDPM at w = 1) and writes
// docs/results/diffusion.md: the Fréchet distance (the studio's metric) of each, next to the
// untrained model and the real-vs-real floor, the share of guided samples the Fréchet classifier
// puts in the prompted class, and sample grids (docs/results/diffusion-<template>-*.png).
//
//   node --import ./main/runtime/register.mjs scripts/results-diffusion.ts \
//     [--only ddpm,latent-diffusion] [--seconds 600] [--samples 100] [--ddpm-samples 10 (0: no DDPM)] [--no-write]
//
// --seconds is the training budget for both templates together (half each; latent-diffusion
// gives a third of its half to stage 1); sampling and scoring come on top.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../main/engine/backend/select-backend';
import { renderGrid } from '../main/engine/train/png-grid';
import type { EvalSamplerSpec } from './diffusion/results-eval-nodes';
import { diffusionReport, type RunInfo } from './diffusion/results-report';
import {
  runTemplate,
  type SampleRun,
  type TemplateResult,
  type TemplateSpec,
} from './diffusion/results-run';

const templates: TemplateSpec[] = [
  { template: 'ddpm', title: 'DDPM (pixel space, MNIST)', dataset: 'mnist', stageShares: [1] },
  {
    template: 'latent-diffusion',
    title: 'Latent diffusion (Fashion-MNIST)',
    dataset: 'fashion-mnist',
    stageShares: [1 / 3, 2 / 3],
  },
];

const SEED = 7;

export const evalSamplers = (n: number, ddpmN: number): EvalSamplerSpec[] => [
  { id: 'ddim-50-w3', kind: 'ddim', samplingSteps: 50, guidance: 3, count: n, seed: SEED },
  { id: 'ddim-20-w3', kind: 'ddim', samplingSteps: 20, guidance: 3, count: n, seed: SEED },
  { id: 'ddim-10-w3', kind: 'ddim', samplingSteps: 10, guidance: 3, count: n, seed: SEED },
  { id: 'ddim-20-w1', kind: 'ddim', samplingSteps: 20, guidance: 1, count: n, seed: SEED },
  ...(ddpmN > 0
    ? [{ id: 'ddpm-w1', kind: 'ddpm' as const, guidance: 1, count: ddpmN, seed: SEED }]
    : []),
];

const unit = (count: number, data: Float32Array) => ({
  data,
  count,
  height: 28,
  width: 28,
  channels: 1,
});

/** 10 rows (prompts 0..9), `cols` samples each: sample i has prompt i mod 10. */
const byPrompt = (r: SampleRun, cols: number): Buffer => {
  const p = 28 * 28;
  const out = new Float32Array(10 * cols * p);
  for (let k = 0; k < 10; k++)
    for (let j = 0; j < cols; j++)
      out.set(r.images.subarray((j * 10 + k) * p, (j * 10 + k + 1) * p), (k * cols + j) * p);
  return renderGrid([unit(10 * cols, out)], cols);
};

const writePngs = (r: TemplateResult, dir: string): string[] => {
  const files: string[] = [];
  const put = (name: string, png: Buffer) => {
    const file = `diffusion-${r.spec.template}-${name}.png`;
    writeFileSync(path.join(dir, file), png);
    files.push(file);
  };
  const find = (id: string) => r.samples.find((s) => s.spec.id === id);
  const w3 = find('ddim-20-w3');
  const w1 = find('ddim-20-w1');
  const strip = find('ddim-50-w3');
  const ddpm = find('ddpm-w1');
  if (w3) {
    put('captions-w3', byPrompt(w3, Math.min(10, Math.floor(w3.spec.count / 10))));
  }
  // The strip: the first 10 samples (prompts 0..9), x_t from noise (left) to x0 (right).
  if (strip) put('strip', renderGrid([unit(strip.stripCount, strip.strip)], strip.stripCount / 10));
  if (w1) put('captions-w1', byPrompt(w1, Math.min(10, Math.floor(w1.spec.count / 10))));
  if (ddpm && ddpm.spec.count >= 10)
    put('ddpm-w1', byPrompt(ddpm, Math.floor(ddpm.spec.count / 10)));
  put('untrained', byPrompt(r.untrained, Math.min(4, Math.floor(r.untrained.spec.count / 10))));
  return files;
};

/** A template's figures as kept in docs/results/diffusion-<template>.json (no pixel arrays). */
interface Saved {
  result: TemplateResult;
  images: string[];
  info: RunInfo;
}

const jsonPath = (template: string): string =>
  path.join('docs', 'results', `diffusion-${template}.json`);

const readSaved = (template: string): Saved | undefined =>
  existsSync(jsonPath(template))
    ? (JSON.parse(readFileSync(jsonPath(template), 'utf8')) as Saved)
    : undefined;

const stripRun = (s: SampleRun): SampleRun => ({
  ...s,
  images: new Float32Array(0),
  strip: new Float32Array(0),
});

const stripArrays = (r: TemplateResult): TemplateResult => ({
  ...r,
  untrained: stripRun(r.untrained),
  samples: r.samples.map(stripRun),
});

export interface DiffusionResultsOptions {
  only?: string[];
  seconds?: number;
  samples?: number;
  ddpmSamples?: number;
  write?: boolean;
}

export const diffusionResults = async (opts: DiffusionResultsOptions = {}): Promise<string> => {
  const seconds = opts.seconds ?? 600;
  const n = opts.samples ?? 100;
  const ddpmN = opts.ddpmSamples ?? 10;
  const write = opts.write ?? true;
  const { info } = await initBackend();
  console.log(`backend ${info.name}: ${info.reason}`);
  const chosen = templates.filter((t) => !opts.only || opts.only.includes(t.template));
  const dir = path.join('docs', 'results');
  mkdirSync(dir, { recursive: true });
  const untrainedSpec: EvalSamplerSpec = {
    id: 'untrained-ddim-10-w3',
    kind: 'ddim',
    samplingSteps: 10,
    guidance: 3,
    count: n,
    seed: SEED,
  };
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const fresh: Saved[] = [];
  for (const spec of chosen) {
    const started = new Date().toISOString();
    const loadBefore = os.loadavg();
    const t0 = Date.now();
    const budget = seconds / chosen.length;
    const r = await runTemplate(tf, spec, budget, evalSamplers(n, ddpmN), untrainedSpec, (line) =>
      console.log(line),
    );
    const saved: Saved = {
      result: stripArrays(r),
      images: write ? writePngs(r, dir) : [],
      info: {
        template: spec.template,
        started,
        backend: info.name,
        reason: info.reason,
        machine: `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
        load: [loadBefore, os.loadavg()],
        wallSeconds: (Date.now() - t0) / 1000,
        seconds: budget,
        commit: execSync('git rev-parse --short HEAD').toString().trim(),
      },
    };
    fresh.push(saved);
    // Kept per template, so that a later --only run of the other template completes the page.
    if (write) writeFileSync(jsonPath(spec.template), `${JSON.stringify(saved)}\n`);
  }
  const all = templates
    .map((t) => fresh.find((s) => s.info.template === t.template) ?? readSaved(t.template))
    .filter((s): s is Saved => s !== undefined);
  const md = diffusionReport(
    all.map((s) => s.result),
    all.map((s) => s.images),
    all.map((s) => s.info),
  );
  if (write) {
    writeFileSync(path.join(dir, 'diffusion.md'), `${md}\n`);
    console.log('wrote docs/results/diffusion.md');
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
  const num = (name: string): number | undefined =>
    arg(name) === undefined ? undefined : Number(arg(name));
  const md = await diffusionResults({
    ...(only ? { only } : {}),
    ...(num('--seconds') !== undefined ? { seconds: num('--seconds')! } : {}),
    ...(num('--samples') !== undefined ? { samples: num('--samples')! } : {}),
    ...(num('--ddpm-samples') !== undefined ? { ddpmSamples: num('--ddpm-samples')! } : {}),
    write: !args.includes('--no-write'),
  });
  if (args.includes('--no-write')) console.log(md);
}
