// The engine's run API: starts a training in a worker thread (the UI and CLI stay responsive;
// a spare one, loaded ahead, where the shell asked for it: spare-worker.ts) and returns a handle
// to pause, resume and stop it. Events arrive in order through onEvent;
// `done` resolves with the final status (finished, stopped or failed) and never rejects.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TesseraDocument } from '../../../core/document/document.types';
import type {
  BackendChoice,
  BackendInfo,
  TrainControl,
  TrainEvent,
  TrainStatus,
} from '../../../core/ipc/training-messages';
import { isFinalState } from '../../../core/ipc/training-messages';
import {
  describeWorkerError,
  isOutOfMemory,
  newestCheckpointIn,
  workerStoppedMessage,
} from './worker-stopped';
import { trainingWorkerEnded, workerForRun } from './spare-worker';
import { WORKER_FAULT_VAR } from './worker-fault';
import { isWorkerReady, type WorkerReadyMessage } from './worker-messages';

export { prewarmTrainingWorker } from './spare-worker';

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

export const THREAD_PHASE_LABEL = 'starting the training thread';

export const newRunId = (): string =>
  `run-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}-${randomBytes(3).toString('hex')}`;

export const startTraining = (
  request: StartTrainingRequest,
  onEvent: (e: TrainEvent) => void,
): RunHandle => {
  const runId = newRunId();
  const startedAt = Date.now();
  const { runsDir, ...rest } = request;
  const outDir = rest.outDir ?? (runsDir !== undefined ? path.join(runsDir, runId) : undefined);
  const trainRequest = { ...rest, ...(outDir !== undefined ? { outDir } : {}), startedAt };
  // The first thing a person sees after Start: the worker takes a second or more to load. (After
  // this call returns, so that a caller's handle exists when its first event arrives.)
  queueMicrotask(() =>
    onEvent({ type: 'phase', runId, phase: 'thread', label: THREAD_PHASE_LABEL, elapsedMs: 0 }),
  );
  const fault = process.env[WORKER_FAULT_VAR];
  const { worker } = workerForRun({ runId, request: trainRequest, ...(fault ? { fault } : {}) });
  let final: TrainStatus | undefined;
  let backend: BackendInfo | undefined;
  let lastCheckpoint = request.resumeFrom;
  const runDir = outDir ?? path.join('runs', runId);
  const done = new Promise<TrainStatus>((resolve) => {
    worker.on('message', (e: TrainEvent | WorkerReadyMessage) => {
      if (isWorkerReady(e)) return; // a spare handed this run while it was still loading
      if (e.type === 'status') {
        backend = e.backend ?? backend;
        lastCheckpoint = e.checkpoint ?? lastCheckpoint;
      }
      onEvent(e);
      if (e.type === 'status' && isFinalState(e.state)) {
        const { type: _t, ...status } = e;
        final = status;
      }
    });
    // The worker died without a final status (a crash, out of memory, an exit): the app stays up
    // and says so as the run's last event; the document was never touched.
    const crashed = (reason: string, outOfMemory: boolean): void => {
      if (final) return;
      const checkpoint = newestCheckpointIn(runDir) ?? lastCheckpoint;
      final = {
        runId,
        state: 'failed',
        message: workerStoppedMessage(reason, {
          outOfMemory,
          ...(checkpoint ? { checkpoint } : {}),
        }),
        ...(backend ? { backend } : {}),
        ...(checkpoint ? { checkpoint } : {}),
      };
      onEvent({ type: 'status', ...final });
    };
    worker.on('error', (err) => crashed(describeWorkerError(err), isOutOfMemory(err)));
    worker.on('exit', (code) => {
      crashed(
        code === 0
          ? 'its thread ended before the run finished'
          : `its thread exited with code ${code}`,
        false,
      );
      resolve(final as TrainStatus);
      trainingWorkerEnded();
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
