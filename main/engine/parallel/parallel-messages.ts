// Messages between the data-parallel coordinator (main thread) and its workers.
import type { BackendChoice } from '../backend/select-backend';

export interface WorkerInit {
  /** Absolute path or file: URL of the step-definition module. */
  module: string;
  /** Its export holding a StepDefinition (default 'stepDefinition'). */
  exportName: string;
  config: unknown;
  shard: number;
  shards: number;
  backend: Exclude<BackendChoice, 'auto' | 'tensorflow'>;
}

export type ToWorker =
  | { type: 'memory'; ctrl: SharedArrayBuffer; data: SharedArrayBuffer }
  | { type: 'step'; step: number }
  | { type: 'weights' }
  | { type: 'call'; method: string; args: unknown }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; params: number; backend: string }
  | { type: 'armed' }
  | {
      type: 'stepped';
      step: number;
      losses: Record<string, number>;
      ms: number;
      cpuMs: number;
      tensors: number;
    }
  | { type: 'weights'; weights: Float32Array[] }
  | { type: 'called'; result: unknown }
  | { type: 'error'; message: string };
