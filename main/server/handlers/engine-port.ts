// What the shells need from the engine. The real adapter (engine-adapter.ts) wraps
// main/engine; tests pass a fake one.
import type { ShapeEnv } from '../../../core/node-contract/node-definition';
import type { Diagnostic } from '../../../core/diagnostics/diagnostic';
import type { ExportResult } from '../../../core/ipc/contract';
import type { BackendChoice, BackendInfo, TrainEvent } from '../../../core/ipc/training-messages';
import type { MemoryLimit } from '../../../core/graph/memory-limit';
import type {
  DatasetPreviewRequest,
  DatasetPreviewResult,
} from '../../../core/ipc/dataset-preview';

export interface EngineRunRequest {
  document: unknown;
  steps?: number;
  backend?: string;
  /** The shell's runs folder: the run writes to <outDir>/<runId>. */
  outDir?: string;
  resumeFrom?: string;
  /** The trust store the engine checks custom code against (the shell's). */
  trustFile?: string;
}

export interface EngineRun {
  runId: string;
  pause(): void;
  resume(): void;
  stop(): void;
  done: Promise<unknown>;
}

/** An export in memory: the program and its support folder, relative paths -> content. */
export interface ExportedProject {
  files: Record<string, string>;
  /** The program's path within `files`, e.g. 'model.ts'. */
  entry: string;
  source?: string;
  diagnostics: Diagnostic[];
}

export interface EnginePort {
  info(): Promise<{ env: ShapeEnv; backend?: BackendInfo; memoryLimit?: MemoryLimit }>;
  startTraining(request: EngineRunRequest, onEvent: (event: TrainEvent) => void): EngineRun;
  exportTypeScript(document: unknown): Promise<ExportResult>;
  /** The whole export (program + support folder) for `baseName`.ts; never rejects for a bad document. */
  exportProject(document: unknown, baseName: string): Promise<ExportedProject>;
  /** A few samples of a dataset node for the inspector; absent where the engine reads no data. */
  previewDataset?(request: DatasetPreviewRequest): Promise<DatasetPreviewResult>;
  /** Whether `document` can resume from the checkpoint (file whole, graph fits); nothing starts. */
  checkResume?(
    checkpoint: string,
    document: unknown,
  ): Promise<{ ok: true } | { ok: false; message: string }>;
}

export const backendChoices: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
