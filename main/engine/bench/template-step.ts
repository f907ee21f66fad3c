// One shipped template's training step as the app runs it: compiled and built by the engine and
// trained through the Trainer (in-process: the app's default of 1 worker), or through the
// data-parallel document trainer on N workers. Parameter counts by group come from the build.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tfjs from '@tensorflow/tfjs';
import type { TesseraDocument } from '../../../core/document/document.types';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { activeWasmThreads } from '../backend/select-backend';
import { buildProgram, type BuiltProgram } from '../build/build-program';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { DataParallelTrainer } from '../parallel/data-parallel';
import type { DocumentTrainerConfig } from '../parallel/document-trainer.step';
import { loadTemplate } from '../testing/engine-fixtures';
import { Trainer } from '../train/trainer';
import type { ParamCounts, TesseraStep } from './models-report';
import { median } from './timing';

export interface TemplateStepSpec {
  /** templates/<template>.json */
  template: string;
  /** Parameter groups: name -> the node or module ids whose weights it counts. */
  groups: Record<string, string[]>;
  /** Changes that leave the step as it is (e.g. a metric's classifier that the step never runs). */
  prepare?: (doc: TesseraDocument) => void;
}

/** The template as shipped, with enough steps in its first stage and no checkpoints. */
export const benchDocument = (spec: TemplateStepSpec, totalSteps: number): TesseraDocument => {
  const doc = loadTemplate(spec.template);
  spec.prepare?.(doc);
  doc.training.checkpointEvery = 0;
  doc.training.stages[0]!.steps = totalSteps;
  return doc;
};

const build = async (
  tf: typeof tfjs,
  template: string,
  doc: TesseraDocument,
): Promise<BuiltProgram> => {
  const r = compileDocument(doc, nodeRegistry, createShapeEnv());
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.program || errors.length > 0)
    throw new Error(
      `templates/${template}.json does not compile for the bench: ${errors.map((e) => e.message).join('; ')}`,
    );
  return buildProgram(tf, r.program, { data: createDataProvider(), seed: doc.training.seed });
};

const countGroups = (built: BuiltProgram, groups: Record<string, string[]>): ParamCounts =>
  Object.fromEntries(
    Object.entries(groups).map(([g, ids]) => [
      g,
      [...built.resolveWeights(ids).values()].reduce((n, v) => n + v.size, 0),
    ]),
  );

const DOCUMENT_STEP = fileURLToPath(
  new URL('../parallel/document-trainer.step.ts', import.meta.url),
);

/** Median wall ms of `steps` steps after `warmup`, on `workers` data-parallel workers. */
async function timeWorkers(
  doc: TesseraDocument,
  workers: number,
  warmup: number,
  steps: number,
): Promise<number> {
  const config: DocumentTrainerConfig = {
    runId: 'bench-models',
    document: doc,
    outDir: path.join(os.tmpdir(), 'tessera-bench-models'),
  };
  const dp = await DataParallelTrainer.start({
    module: DOCUMENT_STEP,
    exportName: 'documentTrainerStep',
    config,
    workers,
  });
  try {
    const times: number[] = [];
    for (let s = 0; s < warmup + steps; s++) {
      const t0 = performance.now();
      await dp.step(s);
      if (s >= warmup) times.push(performance.now() - t0);
    }
    return median(times);
  } finally {
    await dp.close();
  }
}

/** `warmup` untimed then `steps` timed training steps of the template (median wall ms). */
export async function benchTemplateStep(
  tf: typeof tfjs,
  spec: TemplateStepSpec,
  warmup: number,
  steps: number,
  workers = 1,
): Promise<TesseraStep> {
  const doc = benchDocument(spec, warmup + steps);
  const built = await build(tf, spec.template, doc);
  const params = countGroups(built, spec.groups);
  const batch = doc.training.batchSize;
  if (workers > 1) {
    built.dispose();
    if (batch % workers !== 0)
      throw new Error(
        `templates/${spec.template}.json: batch ${batch} does not split over ${workers} workers; use --workers=1 or a divisor of ${batch}.`,
      );
    return {
      batch,
      warmup,
      steps,
      workers,
      threads: 1,
      params,
      ms: await timeWorkers(doc, workers, warmup, steps),
    };
  }
  try {
    const trainer = new Trainer(built);
    const times: number[] = [];
    for (let s = 0; s < warmup + steps; s++) {
      const t0 = performance.now();
      trainer.runStep();
      if (s >= warmup) times.push(performance.now() - t0);
    }
    const threads = tf.getBackend() === 'wasm' ? (activeWasmThreads() ?? 1) : 1;
    return { batch, warmup, steps, workers: 1, threads, params, ms: median(times) };
  } finally {
    built.dispose();
  }
}

export interface KernelRow {
  kernel: string;
  ms: number;
  calls: number;
}

/**
 * Kernel ms and calls of one training step of the template (tf.profile), slowest first; the calls
 * of the kernel named `byShapesOf` are split by their input shapes.
 */
export async function profileTemplateStep(
  tf: typeof tfjs,
  spec: TemplateStepSpec,
  warmup = 2,
  byShapesOf?: string,
): Promise<{ wallMs: number; kernels: KernelRow[] }> {
  const doc = benchDocument(spec, warmup + 1);
  const built = await build(tf, spec.template, doc);
  try {
    const trainer = new Trainer(built);
    for (let s = 0; s < warmup; s++) trainer.runStep();
    const t0 = performance.now();
    const info = await tf.profile(() => {
      trainer.runStep();
    });
    const wallMs = performance.now() - t0;
    const rows = new Map<string, KernelRow>();
    for (const k of info.kernels) {
      const key = byShapesOf === k.name ? `${k.name} ${JSON.stringify(k.inputShapes)}` : k.name;
      const r = rows.get(key) ?? { kernel: key, ms: 0, calls: 0 };
      r.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      r.calls += 1;
      rows.set(key, r);
    }
    return { wallMs, kernels: [...rows.values()].sort((a, b) => b.ms - a.ms) };
  } finally {
    built.dispose();
  }
}
