// The engine's run API: starts a training in a worker thread (the UI and CLI stay responsive)
// and returns a handle to pause, resume and stop it. Events arrive in order through onEvent;
// `done` resolves with the final status (finished, stopped or failed) and never rejects.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TesseraDocument } from '../../../core/document/document.types';
import type {
  BackendChoice,
  TrainControl,
  TrainEvent,
  TrainStatus,
} from '../../../core/ipc/training-messages';
import { isFinalState } from '../../../core/ipc/training-messages';

export interface StartTrainingRequest {
  document: TesseraDocument;
  steps?: number;
  backend?: BackendChoice;
  /** This run's own folder (checkpoints/, previews/); wins over runsDir. */
  outDir?: string;
  /** A folder of runs: this run writes to <runsDir>/<runId> (the studio's runs folder). */
  runsDir?: string;
  resumeFrom?: string;
  /** Data-parallel workers (default 1); see TrainRequest.workers. */
  workers?: number;
  /** See TrainRequest.trustFile and projectFile. */
  trustFile?: string;
  projectFile?: string;
}

export interface RunHandle {
  runId: string;
  pause(): void;
  resume(): void;
  stop(): void;
  done: Promise<TrainStatus>;
}

export const newRunId = (): string =>
  `run-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;

export const startTraining = (
  request: StartTrainingRequest,
  onEvent: (e: TrainEvent) => void,
): RunHandle => {
  const runId = newRunId();
  const { runsDir, ...rest } = request;
  const outDir = rest.outDir ?? (runsDir !== undefined ? path.join(runsDir, runId) : undefined);
  const trainRequest = { ...rest, ...(outDir !== undefined ? { outDir } : {}) };
  const worker = new Worker(new URL('./train-worker-boot.mjs', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    workerData: {
      runId,
      request: trainRequest,
      entry: new URL('./train-worker.ts', import.meta.url).href,
    },
  });
  let final: TrainStatus | undefined;
  const done = new Promise<TrainStatus>((resolve) => {
    worker.on('message', (e: TrainEvent) => {
      onEvent(e);
      if (e.type === 'status' && isFinalState(e.state)) {
        const { type: _t, ...status } = e;
        final = status;
      }
    });
    worker.on('error', (err) => {
      final ??= { runId, state: 'failed', message: `The training worker crashed: ${err.message}` };
      onEvent({ type: 'status', ...final });
    });
    worker.on('exit', (code) => {
      if (!final) {
        final = {
          runId,
          state: 'failed',
          message: `The training worker exited with code ${code} before finishing.`,
        };
        onEvent({ type: 'status', ...final });
      }
      resolve(final);
    });
  });
  const send = (c: TrainControl): void => {
    if (!final) worker.postMessage(c);
  };
  return {
    runId,
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    stop: () => send({ type: 'stop' }),
    done,
  };
};
