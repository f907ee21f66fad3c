// What a spare training worker does while it waits for Start: one small run's worth of work on
// the backend 'auto' would pick (a conv autoencoder on MNIST, batch 2: compile, build, kernel
// preflight, one step), then everything is disposed. The run that follows finds the backend
// initialised, MNIST loaded and the compiler, builder, preflight and the common wasm kernels
// past their first (slow, unoptimised) calls: a fresh thread spends 0.2-0.5 s compiling its first
// graph and more on first kernels. Cancelled between stages when a run arrives (the run waits for
// the stage in progress, then starts); never throws, leaves no tensor behind.
import { readFileSync } from 'node:fs';
import type { TesseraDocument } from '../../../core/document/document.types';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { initBackend } from '../backend/select-backend';
import { defaultWasmThreads } from '../backend/wasm-threads';
import { buildProgram, type BuiltProgram } from '../build/build-program';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { checkKernels } from '../preflight/kernel-check';
import { Trainer } from '../train/trainer';

const WARM_UP_TEMPLATE = new URL('../../../templates/conv-autoencoder.json', import.meta.url);

/** The conv autoencoder template cut to batch 2 and one step, without previews. */
export const warmUpDocument = (): TesseraDocument => {
  const doc = JSON.parse(readFileSync(WARM_UP_TEMPLATE, 'utf8')) as TesseraDocument;
  doc.training.batchSize = 2;
  doc.training.checkpointEvery = 0;
  for (const stage of doc.training.stages) stage.steps = 1;
  doc.previews = {};
  return doc;
};

export interface WarmUpResult {
  /** The stages that ran to the end, in order. */
  done: ('backend' | 'graph' | 'build' | 'preflight' | 'step')[];
  /** Why it stopped early: cancelled, or the error it met (a warm-up only: the run reports its own). */
  stopped?: string;
}

export const warmUp = async (cancelled: () => boolean): Promise<WarmUpResult> => {
  const done: WarmUpResult['done'] = [];
  let built: BuiltProgram | undefined;
  try {
    // The run this worker is warmed for trains on the same pool (the first wasm start decides).
    const { tf, info } = await initBackend({ backend: 'auto', threads: defaultWasmThreads() });
    done.push('backend');
    if (cancelled()) return { done, stopped: 'cancelled' };
    const compiled = compileDocument(warmUpDocument(), nodeRegistry, createShapeEnv());
    if (!compiled.program) return { done, stopped: 'the warm-up document did not compile' };
    done.push('graph');
    if (cancelled()) return { done, stopped: 'cancelled' };
    built = await buildProgram(tf, compiled.program, {
      data: createDataProvider(),
      seed: compiled.program.training.seed,
    });
    done.push('build');
    if (cancelled()) return { done, stopped: 'cancelled' };
    await checkKernels(tf, built, info.name);
    done.push('preflight');
    if (cancelled()) return { done, stopped: 'cancelled' };
    new Trainer(built, { steps: 1 }).runStep();
    done.push('step');
    return { done };
  } catch (e) {
    return { done, stopped: e instanceof Error ? e.message : String(e) };
  } finally {
    built?.dispose();
  }
};
