// The real engine behind the shells: main/engine's trainer (a worker thread per run) and its
// ShapeEnv. The exporter (main/engine/export) plugs in through exportTypeScript and exportProject.
import * as nodePath from 'node:path';
import type { TesseraDocument } from '../../../core/document/document.types';
import type { BackendChoice } from '../../../core/ipc/training-messages';
import { createDataProvider, createShapeEnv } from '../../engine/data/data-provider';
import { previewDataset } from '../../engine/data/dataset-preview';
import { exportProject } from '../../engine/export/export-project';
import { checkResume } from '../../engine/run/resume-check';
import { prewarmTrainingWorker, startTraining } from '../../engine/run/start-training';
import { trainingMemoryLimit } from '../../engine/run/training-memory-limit';
import { backendChoices, type EnginePort } from './engine-port';

export const createEngineAdapter = (): EnginePort => ({
  info: async () => {
    // A studio page asks this when it opens: load a training worker now, so that Train starts at once.
    void prewarmTrainingWorker();
    return { env: createShapeEnv(), memoryLimit: trainingMemoryLimit() };
  },
  startTraining: (request, onEvent) => {
    const backend = backendChoices.find((b) => b === request.backend) as BackendChoice | undefined;
    const run = startTraining(
      {
        document: request.document as TesseraDocument,
        steps: request.steps,
        backend,
        resumeFrom: request.resumeFrom,
        // The shells pass their runs folder: each run gets <runsDir>/<runId>.
        ...(request.outDir !== undefined ? { runsDir: request.outDir } : {}),
        ...(request.trustFile !== undefined ? { trustFile: request.trustFile } : {}),
      },
      onEvent,
    );
    return run;
  },
  exportTypeScript: async (document) => {
    // The same export as Save export and `tessera export` (program text only; no files written).
    const { source, diagnostics } = exportProject(document, { baseName: 'model' });
    return source === undefined ? { diagnostics } : { source, diagnostics };
  },
  exportProject: async (document, baseName) => exportProject(document, { baseName }),
  previewDataset: (request) => previewDataset(request, createDataProvider()),
  // The run's own check before any backend starts (file whole, the graph's nodes and parameter counts).
  checkResume: async (checkpoint, document) => {
    const r = await checkResume(checkpoint, document);
    return r.ok ? { ok: true } : { ok: false, message: r.message };
  },
});

export const runOutDir = (runsDir: string, runId: string): string => nodePath.join(runsDir, runId);
