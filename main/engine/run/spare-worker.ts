// The training worker threads, and one spare kept loaded ahead of Start. A worker takes 1.5-3 s
// on this machine to load tfjs and the engine (under tsx) before it can do anything for a run;
// a spare spends that time while the studio sits open, so pressing Start hands it the run at
// once. Shells that want this (the studio) call prewarmTrainingWorker() once: from then on a new
// spare is started whenever a run ends. The CLI does not: one run, one worker, nothing left over.
// An idle spare does not keep the process alive (unref) and holds no backend or model.
import { Worker } from 'node:worker_threads';
import { isWorkerReady, type WorkerRun, type WorkerRunMessage } from './worker-messages';

const BOOT = new URL('./train-worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./train-worker.ts', import.meta.url).href;

const spawn = (run?: WorkerRun): Worker =>
  new Worker(BOOT, {
    execArgv: ['--import', 'tsx'],
    workerData: { ...(run ?? {}), entry: ENTRY },
  });

interface Spare {
  worker: Worker;
  /** Resolves true once the engine is loaded, false if the thread died first. */
  ready: Promise<boolean>;
  detach: () => void;
}

let spare: Spare | undefined;
let keepSpare = false;

const startSpare = (): Spare => {
  const worker = spawn();
  worker.unref();
  let detach = (): void => undefined;
  const ready = new Promise<boolean>((resolve) => {
    const onMessage = (m: unknown): void => {
      if (isWorkerReady(m)) resolve(true);
    };
    const onGone = (): void => {
      if (spare?.worker === worker) spare = undefined;
      resolve(false);
    };
    worker.on('message', onMessage);
    worker.on('error', onGone);
    worker.on('exit', onGone);
    detach = () => {
      worker.off('message', onMessage);
      worker.off('error', onGone);
      worker.off('exit', onGone);
    };
  });
  return { worker, ready, detach };
};

/**
 * Starts a spare training worker if there is none, and keeps one after every run from now on.
 * Resolves true once it has loaded the engine (false if it died while loading).
 */
export const prewarmTrainingWorker = (): Promise<boolean> => {
  keepSpare = true;
  spare ??= startSpare();
  return spare.ready;
};

/** Stops keeping a spare and ends the idle one (tests; a shell shutting down). */
export const dropSpareTrainingWorker = async (): Promise<void> => {
  keepSpare = false;
  const s = spare;
  spare = undefined;
  if (s) {
    s.detach();
    await s.worker.terminate();
  }
};

/** Whether a spare worker is loaded or loading. */
export const hasSpareTrainingWorker = (): boolean => spare !== undefined;

/**
 * A worker for this run: the spare, given the run (it may still be loading: the run waits in its
 * queue), or a new thread started for it. `warm` says which.
 */
export const workerForRun = (run: WorkerRun): { worker: Worker; warm: boolean } => {
  const s = spare;
  spare = undefined;
  if (!s) return { worker: spawn(run), warm: false };
  s.detach();
  s.worker.ref();
  s.worker.postMessage({ type: 'run', ...run } satisfies WorkerRunMessage);
  return { worker: s.worker, warm: true };
};

/** A run's worker has ended: start the next spare if the shell asked for one. */
export const trainingWorkerEnded = (): void => {
  if (keepSpare && !spare) spare = startSpare();
};
