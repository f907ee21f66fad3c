// What the shells need from the engine. The real adapter (engine-adapter.ts) wraps
// main/engine; tests pass a fake one.
import type { ShapeEnv } from '../../../core/node-contract/node-definition';
import type { ExportResult } from '../../../core/ipc/contract';
import type { BackendChoice, BackendInfo, TrainEvent } from '../../../core/ipc/training-messages';

export interface EngineRunRequest {
  document: unknown;
  steps?: number;
  backend?: string;
  outDir?: string;
  resumeFrom?: string;
}

export interface EngineRun {
  runId: string;
  pause(): void;
  resume(): void;
  stop(): void;
  done: Promise<unknown>;
}

export interface EnginePort {
  info(): Promise<{ env: ShapeEnv; backend?: BackendInfo }>;
  startTraining(request: EngineRunRequest, onEvent: (event: TrainEvent) => void): EngineRun;
  exportTypeScript(document: unknown): Promise<ExportResult>;
}

export const backendChoices: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
