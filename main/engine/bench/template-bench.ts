// The DCGAN template built from primitive nodes (templates/dcgan.json) against the same model
// from the legacy blocks (fixtures/dcgan-legacy-blocks.json): both through the app's Trainer in
// one process, steps interleaved (A B A B ...) so that load changes hit both alike.
import { readFileSync } from 'node:fs';
import type * as tfjs from '@tensorflow/tfjs';
import type { TesseraDocument } from '../../../core/document/document.types';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { buildProgram, type BuiltProgram } from '../build/build-program';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { Trainer } from '../train/trainer';
import { median } from './timing';

type TF = typeof tfjs;

const readDoc = (url: URL): TesseraDocument =>
  JSON.parse(readFileSync(url, 'utf8')) as TesseraDocument;

export const primitiveDcgan = (): TesseraDocument =>
  readDoc(new URL('../../../templates/dcgan.json', import.meta.url));
export const legacyDcgan = (): TesseraDocument =>
  readDoc(new URL('./fixtures/dcgan-legacy-blocks.json', import.meta.url));

/** The template at `batch`, its Fréchet metric cut to a 1-step classifier that never runs. */
const prepare = (doc: TesseraDocument, batch: number, steps: number): TesseraDocument => {
  const fid = doc.nodes['fid'];
  if (fid) fid.params = { ...fid.params, classifierSteps: 1, every: 100_000 };
  doc.training.batchSize = batch;
  doc.training.checkpointEvery = 0;
  doc.training.stages[0]!.steps = steps;
  return doc;
};

const build = async (tf: TF, doc: TesseraDocument): Promise<BuiltProgram> => {
  const r = compileDocument(doc, nodeRegistry, createShapeEnv());
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.program || errors.length > 0)
    throw new Error(`${doc.name} does not compile: ${JSON.stringify(errors)}`);
  return buildProgram(tf, r.program, { data: createDataProvider(), seed: doc.training.seed });
};

export interface PairResult {
  /** Median ms per D+G training step. */
  primitivesMs: number;
  legacyMs: number;
  /** Steps per second of each, and primitives / legacy (>= 0.95 is the goal). */
  primitivesPerS: number;
  legacyPerS: number;
  ratio: number;
}

/** `warmup` untimed steps each, then `steps` timed steps each, interleaved. */
export async function benchDcganPrimitives(
  tf: TF,
  batch = 64,
  warmup = 2,
  steps = 10,
): Promise<PairResult> {
  const total = warmup + steps;
  const built = [
    await build(tf, prepare(primitiveDcgan(), batch, total)),
    await build(tf, prepare(legacyDcgan(), batch, total)),
  ];
  const trainers = built.map((b) => new Trainer(b));
  const times: number[][] = [[], []];
  for (let s = 0; s < total; s++)
    trainers.forEach((t, i) => {
      const t0 = performance.now();
      t.runStep();
      if (s >= warmup) times[i]!.push(performance.now() - t0);
    });
  built.forEach((b) => b.dispose());
  const [primitivesMs, legacyMs] = times.map(median) as [number, number];
  return {
    primitivesMs,
    legacyMs,
    primitivesPerS: 1000 / primitivesMs,
    legacyPerS: 1000 / legacyMs,
    ratio: legacyMs / primitivesMs,
  };
}

/** Kernel ms of one training step of each version (after `warmup` steps), by kernel name. */
export async function profileDcganPrimitives(
  tf: TF,
  batch = 64,
  warmup = 2,
): Promise<{ kernel: string; primitives: number; legacy: number; calls: [number, number] }[]> {
  const rows = new Map<string, { ms: [number, number]; calls: [number, number] }>();
  const docs = [primitiveDcgan(), legacyDcgan()];
  for (const [n, doc] of docs.entries()) {
    const i = n as 0 | 1;
    const b = await build(tf, prepare(doc, batch, warmup + 1));
    const t = new Trainer(b);
    for (let s = 0; s < warmup; s++) t.runStep();
    const info = await tf.profile(() => {
      t.runStep();
    });
    for (const k of info.kernels) {
      const r = rows.get(k.name) ?? { ms: [0, 0], calls: [0, 0] };
      r.ms[i] += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      r.calls[i] += 1;
      rows.set(k.name, r);
    }
    b.dispose();
  }
  return [...rows.entries()]
    .map(([kernel, r]) => ({ kernel, primitives: r.ms[0], legacy: r.ms[1], calls: r.calls }))
    .sort((a, b) => Math.max(b.primitives, b.legacy) - Math.max(a.primitives, a.legacy));
}
