// A training run over several data-parallel worker threads (request.workers > 1, wasm or cpu):
// the same document, seed and global batches in every worker, each on its shard; gradients and
// losses averaged every step (parallel/document-trainer.step.ts). This thread only drives the
// loop: progress (averaged losses), pause/stop between steps, checkpoints and previews from worker 0.
// Returns undefined (caller runs the single-worker path) when the backend is tfjs-node.
import { ActiveClock, onProgressMultiple, stageSpans } from './progress-schedule';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../../../core/diagnostics/diagnostic';
import { compileDocument } from '../../../core/graph/compile';
import type {
  TrainControl,
  TrainEvent,
  TrainPreview,
  TrainRequest,
  TrainStatus,
} from '../../../core/ipc/training-messages';
import { nodeRegistry } from '../../../nodes/registry';
import { initBackend } from '../backend/select-backend';
import { createShapeEnv } from '../data/data-provider';
import { DataParallelTrainer } from '../parallel/data-parallel';
import {
  FAILED_KEY,
  LOSS_PREFIX,
  METRIC_PREFIX,
  type DocumentTrainerConfig,
  type DocumentTrainerFailure,
  type DocumentTrainerReport,
} from '../parallel/document-trainer.step';
import { formatDiagnostic } from './format-diagnostic';
import type { ControlQueue } from './run-training';
import { createRunReporter } from './run-reporter';
import { trainingMemoryLimit } from './training-memory-limit';
import {
  backendPhaseLabel,
  createStartPhases,
  FIRST_STEP_LABEL,
  graphPhaseLabel,
} from './start-phases';
import { documentNodeCount } from './phase-counts';

const STEP_MODULE = fileURLToPath(new URL('../parallel/document-trainer.step.ts', import.meta.url));
const PROGRESS_INTERVAL_MS = 200;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

const split = (values: Record<string, number>, prefix: string): Record<string, number> =>
  Object.fromEntries(
    Object.entries(values)
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, v]) => [k.slice(prefix.length), v]),
  );

export const runParallelTraining = async (
  runId: string,
  request: TrainRequest,
  workers: number,
  emit: (e: TrainEvent) => void,
  control: ControlQueue,
  /** The step module the workers load (tests substitute one); default the app's trainer. */
  step: { stepModule?: string; stepExport?: string } = {},
): Promise<TrainStatus | undefined> => {
  const choice = request.backend ?? 'auto';
  if (choice === 'tensorflow') return undefined;
  let backendName: 'wasm' | 'cpu' = choice === 'cpu' ? 'cpu' : 'wasm';
  const reporter = createRunReporter(runId, emit);
  const { log, status } = reporter;
  const phases = createStartPhases(runId, emit, request.startedAt);
  if (choice === 'auto') {
    // Decide as the single-worker path would: tfjs-node (already multi-threaded) wins.
    try {
      const { info } = await initBackend({ backend: 'auto' });
      if (info.name === 'tensorflow') return undefined;
      backendName = info.name === 'cpu' ? 'cpu' : 'wasm';
    } catch {
      return undefined;
    }
  }
  status({ state: 'starting', message: `Starting ${workers} data-parallel workers` });
  phases.enter('backend', backendPhaseLabel(backendName));
  let dp: DataParallelTrainer | undefined;
  // Final states are emitted after the workers have closed, so that the final status is the last event.
  type Final = Omit<TrainStatus, 'runId'>;
  const end = (s: Final): Final => s;
  let final: Final;
  try {
    final = await (async (): Promise<Final> => {
      // Every worker holds the whole model: each must fit the backend's limit.
      phases.enter('graph', graphPhaseLabel(documentNodeCount(request.document)));
      const compiled = compileDocument(request.document as never, nodeRegistry, createShapeEnv(), {
        memoryLimit: trainingMemoryLimit(backendName),
      });
      const labelOf = (id: string): string | undefined => compiled.program?.graph.nodes[id]?.label;
      for (const d of compiled.diagnostics)
        if (d.severity !== 'info')
          log(d.severity === 'error' ? 'error' : 'warning', formatDiagnostic(d, labelOf));
      const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0 || !compiled.program)
        return end({
          state: 'failed',
          message: `The project has ${errors.length} error(s); fix them before training. First: ${errors[0] ? formatDiagnostic(errors[0], labelOf) : 'it could not be read'}`,
        });
      const program = compiled.program;
      const batch = program.training.batchSize;
      if (batch % workers !== 0)
        return end({
          state: 'failed',
          message: `Batch size ${batch} does not split over ${workers} workers; use a batch size divisible by ${workers}, or --workers 1.`,
        });
      const outDir = path.resolve(request.outDir ?? path.join('runs', runId));
      await mkdir(path.join(outDir, 'previews'), { recursive: true });
      const config: DocumentTrainerConfig = {
        runId,
        document: request.document,
        outDir,
        ...(request.steps !== undefined ? { steps: request.steps } : {}),
        ...(request.resumeFrom ? { resumeFrom: request.resumeFrom } : {}),
      };
      phases.enter('build', `building model (in ${workers} data-parallel workers)`);
      dp = await DataParallelTrainer.start({
        module: step.stepModule ?? STEP_MODULE,
        exportName: step.stepExport ?? 'documentTrainerStep',
        config,
        workers,
        backend: backendName,
      });
      const d = dp;
      reporter.backend = { ...d.info, workers };
      log(
        'info',
        `Backend: ${reporter.backend.name} x ${workers} workers (${reporter.backend.reason}). Layers that draw noise per batch row (noise/gaussian, gan/latent-noise) sample per shard: results match a single-worker run statistically, not bit for bit.`,
      );
      const report = async (): Promise<DocumentTrainerReport> => {
        const r = (await d.call(0, 'report')) as DocumentTrainerReport;
        for (const w of r.warnings) log('warning', w);
        return r;
      };
      const saveCkpt = async (): Promise<void> => {
        reporter.checkpoint = (await d.call(0, 'checkpoint')) as string;
      };
      const previews = async (force: boolean): Promise<void> => {
        for (const e of (await d.call(0, 'previews', { force })) as TrainPreview[])
          emit({ type: 'preview', ...e });
      };
      // Every forward and gradient kernel the objectives and previews need, checked in worker 0.
      phases.enter('preflight', 'kernel preflight (in worker 1)');
      const kernelDiags = (await d.call(0, 'kernels')) as Diagnostic[];
      for (const k of kernelDiags)
        log(k.severity === 'error' ? 'error' : 'warning', formatDiagnostic(k, labelOf));
      const kernelErrors = kernelDiags.filter((k) => k.severity === 'error');
      if (kernelErrors[0])
        return end({
          state: 'failed',
          message: `The ${d.info.name} backend lacks ${kernelErrors.length} kernel(s) this project needs. First: ${formatDiagnostic(kernelErrors[0], labelOf)}`,
        });
      let r = await report();
      if (r.total === 0)
        return end({
          state: 'failed',
          message: 'Nothing to train: add a stage with at least one step and an objective.',
        });
      if (request.resumeFrom) {
        reporter.checkpoint = request.resumeFrom;
        log('info', `Resumed from ${request.resumeFrom} at step ${r.step}.`);
      }
      const stopped = async (): Promise<Final> => {
        await saveCkpt();
        return end({ state: 'stopped', message: `Stopped at step ${r.step}.` });
      };

      status({
        state: 'running',
        message: `Training ${r.total} steps, batch ${r.batchSize} (${r.batchSize / workers} per worker x ${workers} workers)`,
      });
      phases.enter('first-step', FIRST_STEP_LABEL);
      const startStep = r.step;
      const t0 = Date.now();
      const clock = new ActiveClock();
      const stages = stageSpans(program.training.stages, request.steps);
      let lastEmit = 0;
      while (r.step < r.total) {
        for (let c = control.take(); c; c = control.take()) {
          if (c.type === 'stop') return await stopped();
          if (c.type === 'pause') {
            clock.pause();
            status({ state: 'paused', message: `Paused at step ${r.step}.` });
            let next: TrainControl | undefined;
            while (!(next = control.take()) || next.type === 'pause') await sleep(50);
            if (next.type === 'stop') return await stopped();
            clock.resume();
            status({ state: 'running', message: `Resumed at step ${r.step}.` });
          }
        }
        const res = await d.step(r.step);
        if (res.losses[FAILED_KEY] !== undefined) {
          const f = (await d.call(0, 'failure')) as DocumentTrainerFailure;
          log('error', f.message);
          return end({
            state: 'failed',
            message: f.message,
            failure: { step: f.step, nodeId: f.nodeId, objective: f.objective },
          });
        }
        phases.firstStepDone();
        r = await report();
        const now = Date.now();
        const done = r.step - startStep;
        const perStep = clock.seconds(now) / Math.max(1, done);
        const finished = r.step >= r.total;
        if (
          now - lastEmit >= PROGRESS_INTERVAL_MS ||
          finished ||
          done === 1 ||
          onProgressMultiple(request, r.step)
        ) {
          lastEmit = now;
          emit({
            type: 'progress',
            runId,
            stageIndex: r.stageIndex,
            stageName: r.stageName,
            step: r.step,
            totalSteps: r.total,
            losses: split(res.losses, LOSS_PREFIX),
            metrics: split(res.losses, METRIC_PREFIX),
            examplesPerSecond: r.batchSize / perStep,
            etaSeconds: perStep * (r.total - r.step),
            stages,
          });
        }
        if (!finished) await previews(false);
        const every = program.training.checkpointEvery;
        if (every > 0 && r.step % every === 0 && !finished) await saveCkpt();
      }
      await previews(true);
      await saveCkpt();
      return end({
        state: 'finished',
        message: `Finished ${r.total} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
      });
    })();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log('error', message);
    final = { state: 'failed', message };
  }
  if (dp) {
    await dp.close();
    log('info', `Closed ${dp.exitedCount} of ${dp.size} data-parallel workers.`);
  }
  return status(final);
};
