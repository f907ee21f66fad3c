// What start-training.ts and its worker (train-worker.ts) say to each other besides the run's
// TrainEvents and TrainControls: a spare worker's 'ready', and the run it is then given.
import type { TrainRequest } from '../../../core/ipc/training-messages';

export interface WorkerRun {
  runId: string;
  request: TrainRequest;
  /** Tests only: TESSERA_TRAIN_WORKER_FAULT as it was at Start (a spare copied its environment earlier). */
  fault?: string;
}

/** Sent to a spare worker when Start is pressed. */
export type WorkerRunMessage = { type: 'run' } & WorkerRun;

/** Posted by a spare worker once the engine is loaded. */
export interface WorkerReadyMessage {
  type: 'ready';
}

export const isWorkerReady = (m: unknown): m is WorkerReadyMessage =>
  (m as { type?: unknown } | null)?.type === 'ready';
