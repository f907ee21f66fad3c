// The real engine behind the shells: main/engine's trainer (a worker thread per run) and its
// ShapeEnv. The exporter plugs in through exportTypeScript.
import * as nodePath from 'node:path';
import type { TesseraDocument } from '../../../core/document/document.types';
import { diagnostic, hasErrors } from '../../../core/diagnostics/diagnostic';
import { exportProgram } from '../../../core/codegen/export-program';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import type { BackendChoice } from '../../../core/ipc/training-messages';
import { createShapeEnv } from '../../engine/data/data-provider';
import { startTraining } from '../../engine/run/start-training';
import { backendChoices, type EnginePort } from './engine-port';

export const createEngineAdapter = (): EnginePort => ({
  info: async () => ({ env: createShapeEnv() }),
  startTraining: (request, onEvent) => {
    const backend = backendChoices.find((b) => b === request.backend) as BackendChoice | undefined;
    const run = startTraining(
      {
        document: request.document as TesseraDocument,
        steps: request.steps,
        backend,
        resumeFrom: request.resumeFrom,
        outDir: undefined,
      },
      onEvent,
    );
    return run;
  },
  exportTypeScript: async (document) => {
    // The program text only (the support folder of layer files is written by `tessera export`).
    const compiled = compileDocument(document, nodeRegistry, createShapeEnv());
    if (!compiled.program || !compiled.document || hasErrors(compiled.diagnostics)) return { diagnostics: compiled.diagnostics };
    try {
      const out = exportProgram(compiled.program, compiled.document, nodeRegistry, { baseName: 'model' });
      return { source: out.files[out.entry], diagnostics: out.diagnostics };
    } catch (e) {
      return { diagnostics: [diagnostic('error', 'export', `The exporter failed: ${(e as Error).message}. Please report it with the project file.`)] };
    }
  },
});

export const runOutDir = (runsDir: string, runId: string): string => nodePath.join(runsDir, runId);
