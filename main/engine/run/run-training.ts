// One training run, start to finish, in the current thread (the worker calls this; tests may
// too): backend, compile (refusing on errors), build, optional resume, the step loop with
// progress, previews and checkpoints, pause/stop between steps, and a final status.
import { ActiveClock, onProgressMultiple, stageSpans } from './progress-schedule';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileDocument } from '../../../core/graph/compile';
import type {
  TrainControl,
  TrainEvent,
  TrainRequest,
  TrainStatus,
} from '../../../core/ipc/training-messages';
import { nodeRegistry } from '../../../nodes/registry';
import { initBackend } from '../backend/select-backend';
import { defaultWasmThreads } from '../backend/wasm-threads';
import { buildProgram, type BuiltProgram } from '../build/build-program';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { checkpointPath, saveCheckpoint } from '../train/checkpoint';
import { checkpointModelMismatch, MISMATCH_FIX, resumeProblem } from '../train/checkpoint-check';
import { renderPreview } from '../train/previews';
import { NonFiniteLossError, Trainer } from '../train/trainer';
import { formatDiagnostic } from './format-diagnostic';
import { checkKernels } from '../preflight/kernel-check';
import { runParallelTraining } from './run-parallel-training';
import { createRunReporter } from './run-reporter';
import { checkResume } from './resume-check';
import { describeWorkerError, isOutOfMemory, workerStoppedMessage } from './worker-stopped';
import { trainingTrust } from '../../trust/training-gate';
import { trainingMemoryLimit } from './training-memory-limit';
import {
  backendPhaseLabel,
  buildPhaseLabel,
  createStartPhases,
  FIRST_STEP_LABEL,
  graphPhaseLabel,
  preflightPhaseLabel,
} from './start-phases';
import { documentNodeCount, programLayerCount } from './phase-counts';
import { expectedBackend } from '../backend/select-backend';
import { setFeatureClassifierStore } from '../../../nodes/metric/frechet-distance/frechet-distance.layer';
import { diskFeatureClassifierStore } from './feature-classifier-disk';

/** Commands queued by the UI; the loop drains them between steps. */
export interface ControlQueue {
  take(): TrainControl | undefined;
}

export const queueControl = (): ControlQueue & { push(c: TrainControl): void } => {
  const q: TrainControl[] = [];
  return { push: (c) => q.push(c), take: () => q.shift() };
};

const PROGRESS_INTERVAL_MS = 200;
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const runTraining = async (
  runId: string,
  request: TrainRequest,
  emit: (e: TrainEvent) => void,
  control: ControlQueue = queueControl(),
): Promise<TrainStatus> => {
  // Custom code runs only when the trust store says so; the engine checks it itself (issue 16).
  const trust = await trainingTrust(request);
  if (!trust.ok) {
    const refused = createRunReporter(runId, emit);
    for (const problem of trust.problems) refused.log('error', problem);
    return refused.status({ state: 'failed', message: trust.message });
  }
  // The parallel workers build without the trusted loader: custom code trains in this worker.
  const workers = trust.customCode ? 1 : Math.max(1, Math.floor(request.workers ?? 1));
  if (trust.customCode && (request.workers ?? 1) > 1)
    emit({
      type: 'log',
      runId,
      level: 'warning',
      message: `--workers ${request.workers} ignored: a project with custom code trains in one worker.`,
    });
  // A checkpoint to resume from is checked before any backend starts (file, then graph).
  const resume = request.resumeFrom
    ? await checkResume(request.resumeFrom, request.document)
    : undefined;
  if (resume && !resume.ok) {
    const refused = createRunReporter(runId, emit);
    refused.log('error', resume.message);
    return refused.status({ state: 'failed', message: resume.message });
  }
  if (workers > 1) {
    const parallel = await runParallelTraining(runId, request, workers, emit, control);
    if (parallel) return parallel;
    emit({
      type: 'log',
      runId,
      level: 'warning',
      message: `--workers ${workers} ignored: the tensorflow backend is multi-threaded already; training with one worker.`,
    });
  }
  const reporter = createRunReporter(runId, emit);
  const { log, status } = reporter;
  const phases = createStartPhases(runId, emit, request.startedAt);
  status({ state: 'starting', message: 'Selecting a backend' });
  phases.enter('backend', backendPhaseLabel(expectedBackend(request.backend ?? 'auto')));

  let built: BuiltProgram | undefined;
  try {
    // XNNPACK's thread pool on machines with 4+ cores (defaultWasmThreads: half the cores).
    const { tf, info } = await initBackend({
      backend: request.backend ?? 'auto',
      threads: defaultWasmThreads(),
    });
    reporter.backend = info;
    log('info', `Backend: ${info.name} (${info.reason})`);

    phases.enter('graph', graphPhaseLabel(documentNodeCount(request.document)));
    const compiled = compileDocument(request.document, nodeRegistry, createShapeEnv(), {
      memoryLimit: trainingMemoryLimit(info.name),
    });
    const labelOf = (id: string): string | undefined => compiled.program?.graph.nodes[id]?.label;
    for (const d of compiled.diagnostics)
      if (d.severity !== 'info')
        log(d.severity === 'error' ? 'error' : 'warning', formatDiagnostic(d, labelOf));
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0 || !compiled.program || !compiled.document)
      return status({
        state: 'failed',
        message: `The project has ${errors.length} error(s); fix them before training. First: ${errors[0] ? formatDiagnostic(errors[0], labelOf) : 'it could not be read'}`,
      });
    const program = compiled.program;
    const docName = compiled.document.name;
    const outDir = path.resolve(request.outDir ?? path.join('runs', runId));
    const ckptDir = path.join(outDir, 'checkpoints');
    const previewDir = path.join(outDir, 'previews');
    await mkdir(previewDir, { recursive: true });

    phases.enter('build', buildPhaseLabel(programLayerCount(program)));
    // A Fréchet metric's classifier trains once per machine, not at every run's build.
    setFeatureClassifierStore(diskFeatureClassifierStore());
    built = await buildProgram(tf, program, {
      data: createDataProvider(),
      seed: program.training.seed,
      ...(trust.customCode ? { customCode: trust.customCode } : {}),
      warn: (m) => log('warning', m),
    });
    if (request.resumeFrom && resume?.ok) {
      // Names and shapes, which only the built model knows (nodes that declare no cost).
      const mismatch = checkpointModelMismatch(resume.checkpoint, built);
      if (mismatch) {
        const message = resumeProblem(request.resumeFrom, mismatch, MISMATCH_FIX);
        log('error', message);
        return status({ state: 'failed', message });
      }
    }
    // Every forward and gradient kernel the objectives and previews need must exist on this backend.
    const kernelDiags = await checkKernels(tf, built, info.name, {
      onProgress: (p) =>
        phases.enter('preflight', preflightPhaseLabel(p.nodeTypes, p.totalNodeTypes), {
          done: p.nodeTypes,
          total: p.totalNodeTypes,
        }),
    });
    for (const d of kernelDiags)
      log(d.severity === 'error' ? 'error' : 'warning', formatDiagnostic(d, labelOf));
    const kernelErrors = kernelDiags.filter((d) => d.severity === 'error');
    if (kernelErrors[0])
      return status({
        state: 'failed',
        message: `The ${info.name} backend lacks ${kernelErrors.length} kernel(s) this project needs. First: ${formatDiagnostic(kernelErrors[0], labelOf)}`,
      });
    const trainer = new Trainer(
      built,
      request.steps !== undefined ? { steps: request.steps } : {},
      (m) => log('warning', m),
    );
    if (trainer.total === 0)
      return status({
        state: 'failed',
        message: 'Nothing to train: add a stage with at least one step and an objective.',
      });
    if (request.resumeFrom && resume?.ok) {
      trainer.restore(resume.checkpoint);
      reporter.checkpoint = request.resumeFrom;
      log('info', `Resumed from ${request.resumeFrom} at step ${trainer.step}.`);
    }

    const saveCkpt = async (): Promise<void> => {
      const { tensors, temporaries } = trainer.checkpointTensors();
      try {
        reporter.checkpoint = await saveCheckpoint(checkpointPath(ckptDir, trainer.step), tensors, {
          runId,
          documentName: docName,
          step: trainer.step,
          stageIndex: trainer.stageIndex,
          rngState: trainer.rng.getState(),
          losses: trainer.lastLosses,
        });
      } finally {
        tf.dispose(temporaries);
      }
    };
    const previews = async (force: boolean): Promise<void> => {
      for (const p of program.previews) {
        if (!force && trainer.step % Math.max(1, p.every) !== 0) continue;
        const r = renderPreview(built as BuiltProgram, p, runId, trainer.step);
        if (!r) continue;
        emit({ type: 'preview', ...r.event });
        const stem = path.join(previewDir, `${p.id}-step-${String(trainer.step).padStart(6, '0')}`);
        if (r.png) await writeFile(`${stem}.png`, r.png);
        if (r.event.data !== undefined)
          await writeFile(`${stem}.json`, JSON.stringify(r.event.data));
      }
    };

    status({
      state: 'running',
      message: `Training ${trainer.total} steps, batch ${trainer.batchSize}`,
    });
    phases.enter('first-step', FIRST_STEP_LABEL);
    const startStep = trainer.step;
    const t0 = Date.now();
    const clock = new ActiveClock();
    const stages = stageSpans(program.training.stages, request.steps);
    let lastEmit = 0;
    while (!trainer.done) {
      await tick();
      for (let c = control.take(); c; c = control.take()) {
        if (c.type === 'stop') {
          await saveCkpt();
          return status({ state: 'stopped', message: `Stopped at step ${trainer.step}.` });
        }
        if (c.type === 'pause') {
          clock.pause();
          status({ state: 'paused', message: `Paused at step ${trainer.step}.` });
          let next: TrainControl | undefined;
          while (!(next = control.take()) || next.type === 'pause') await sleep(50);
          if (next.type === 'stop') {
            await saveCkpt();
            return status({ state: 'stopped', message: `Stopped at step ${trainer.step}.` });
          }
          clock.resume();
          status({ state: 'running', message: `Resumed at step ${trainer.step}.` });
        }
      }
      const report = trainer.runStep();
      phases.firstStepDone();
      const now = Date.now();
      const done = trainer.step - startStep;
      const perStep = clock.seconds(now) / Math.max(1, done);
      if (
        now - lastEmit >= PROGRESS_INTERVAL_MS ||
        trainer.done ||
        done === 1 ||
        onProgressMultiple(request, report.step)
      ) {
        lastEmit = now;
        emit({
          type: 'progress',
          runId,
          stageIndex: report.stageIndex,
          stageName: report.stageName,
          step: report.step,
          totalSteps: trainer.total,
          losses: report.losses,
          metrics: report.metrics,
          examplesPerSecond: trainer.batchSize / perStep,
          etaSeconds: perStep * (trainer.total - trainer.step),
          stages,
        });
      }
      if (!trainer.done) await previews(false);
      const every = program.training.checkpointEvery;
      if (every > 0 && trainer.step % every === 0 && !trainer.done) await saveCkpt();
    }
    await previews(true);
    await saveCkpt();
    return status({
      state: 'finished',
      message: `Finished ${trainer.total} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
    });
  } catch (e) {
    if (e instanceof NonFiniteLossError) {
      log('error', e.message);
      return status({
        state: 'failed',
        message: e.message,
        failure: { step: e.step + 1, nodeId: e.nodeId, objective: e.objective },
      });
    }
    // Not a mistake in the project (those are refused above): a fault of the run itself.
    const reason = describeWorkerError(e);
    log('error', `The run stopped on an error: ${reason}.`);
    return status({
      state: 'failed',
      message: workerStoppedMessage(reason, {
        outOfMemory: isOutOfMemory(e),
        ...(reporter.checkpoint ? { checkpoint: reporter.checkpoint } : {}),
      }),
    });
  } finally {
    built?.dispose();
  }
};
