// The app's trainer as a data-parallel step module: every worker compiles the same document,
// builds it with the same seed (identical initial weights) and runs Trainer with a shard
// (train/shard.ts): its rows of the same global batch, gradients and loss averaged every
// objective, after-step state averaged. Checkpoints and previews are calls made on worker 0.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileDocument } from '../../../core/graph/compile';
import type { TrainPreview } from '../../../core/ipc/training-messages';
import { nodeRegistry } from '../../../nodes/registry';
import { buildProgram } from '../build/build-program';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { checkpointPath, loadCheckpoint, saveCheckpoint } from '../train/checkpoint';
import type { Diagnostic } from '../../../core/diagnostics/diagnostic';
import { checkKernels } from '../preflight/kernel-check';
import { renderPreview } from '../train/previews';
import { NonFiniteLossError, Trainer } from '../train/trainer';
import type { AllReduce, AsyncStepDefinition, StepProgram, Tf } from './step-program';

export interface DocumentTrainerConfig {
  runId: string;
  document: unknown;
  steps?: number;
  resumeFrom?: string;
  outDir: string;
}

export interface DocumentTrainerReport {
  step: number;
  total: number;
  batchSize: number;
  stageIndex: number;
  stageName: string;
  /** Trainer warnings since the last report. */
  warnings: string[];
}

export interface DocumentTrainerFailure {
  message: string;
  step: number;
  objective: string;
  nodeId: string;
}

/** Key of the step result that marks a non-finite loss (details: call 'failure'). */
export const FAILED_KEY = '!failed';
export const LOSS_PREFIX = 'loss:';
export const METRIC_PREFIX = 'metric:';

export const documentTrainerStep: AsyncStepDefinition<DocumentTrainerConfig> = {
  async create(tf: Tf, cfg: DocumentTrainerConfig, where): Promise<StepProgram> {
    const compiled = compileDocument(cfg.document as never, nodeRegistry, createShapeEnv());
    const program = compiled.program;
    if (!program || !compiled.document || compiled.diagnostics.some((d) => d.severity === 'error'))
      throw new Error('The project has errors; fix them before training.');
    const docName = compiled.document.name;
    const built = await buildProgram(tf as never, program, {
      data: createDataProvider(),
      seed: program.training.seed,
    });
    let reduce: AllReduce = (_p, v) => v;
    const warnings: string[] = [];
    const trainer = new Trainer(
      built,
      {
        ...(cfg.steps !== undefined ? { steps: cfg.steps } : {}),
        shard: { index: where.shard, count: where.shards, allReduce: (p, v) => reduce(p, v) },
      },
      (m) => warnings.push(m),
    );
    if (cfg.resumeFrom) trainer.restore(await loadCheckpoint(cfg.resumeFrom));
    const ckptDir = path.join(cfg.outDir, 'checkpoints');
    const previewDir = path.join(cfg.outDir, 'previews');
    let stageName = program.training.stages[trainer.stageIndex]?.name ?? '';
    let failure: DocumentTrainerFailure | undefined;
    const variables = [...built.weights().values(), ...built.state().values()];

    return {
      phases: [],
      variables,
      reduceFloats: variables.reduce((a, v) => a + v.size, 0) + 1,
      step(_ctx, allReduce) {
        reduce = allReduce;
        try {
          const r = trainer.runStep();
          stageName = r.stageName;
          const out: Record<string, number> = {};
          for (const [k, v] of Object.entries(r.losses)) out[LOSS_PREFIX + k] = v;
          for (const [k, v] of Object.entries(r.metrics)) out[METRIC_PREFIX + k] = v;
          return out;
        } catch (e) {
          if (!(e instanceof NonFiniteLossError)) throw e;
          failure = {
            message: e.message,
            step: e.step + 1,
            objective: e.objective,
            nodeId: e.nodeId,
          };
          return { [FAILED_KEY]: 1 };
        }
      },
      calls: {
        report: (): DocumentTrainerReport => ({
          step: trainer.step,
          total: trainer.total,
          batchSize: trainer.batchSize,
          stageIndex: trainer.stageIndex,
          stageName,
          warnings: warnings.splice(0),
        }),
        failure: () => failure,
        // The kernel preflight, as the one-worker path runs it (every worker has the same backend).
        kernels: (): Promise<Diagnostic[]> => checkKernels(tf as never, built, tf.getBackend()),
        checkpoint: async (): Promise<string> => {
          const { tensors, temporaries } = trainer.checkpointTensors();
          try {
            return await saveCheckpoint(checkpointPath(ckptDir, trainer.step), tensors, {
              runId: cfg.runId,
              documentName: docName,
              step: trainer.step,
              stageIndex: trainer.stageIndex,
              rngState: trainer.rng.getState(),
              losses: trainer.lastLosses,
            });
          } finally {
            tf.dispose(temporaries);
          }
        },
        previews: async (args: unknown): Promise<TrainPreview[]> => {
          const force = (args as { force?: boolean } | undefined)?.force === true;
          const events: TrainPreview[] = [];
          await mkdir(previewDir, { recursive: true });
          for (const p of program.previews) {
            if (!force && trainer.step % Math.max(1, p.every) !== 0) continue;
            const r = renderPreview(built, p, cfg.runId, trainer.step);
            if (!r) continue;
            events.push(r.event);
            const stem = path.join(
              previewDir,
              `${p.id}-step-${String(trainer.step).padStart(6, '0')}`,
            );
            if (r.png) await writeFile(`${stem}.png`, r.png);
            if (r.event.data !== undefined)
              await writeFile(`${stem}.json`, JSON.stringify(r.event.data));
          }
          return events;
        },
      },
      dispose: () => built.dispose(),
    };
  },
};
