// A fault injected into the training worker, for tests of what the app does when the worker
// crashes: TESSERA_TRAIN_WORKER_FAULT=<kind>@<step> fires once, when the run reports that step.
//   throw        an Error from inside the run (a bug in a layer)
//   range-error  a real allocation failure (an ArrayBuffer far larger than memory: RangeError)
//   uncaught     an exception that escapes the run (the worker thread dies with an 'error')
//   exit         the worker thread exits (process.exit in the thread) with code 70
// Unset (always, outside tests) it does nothing.
export const WORKER_FAULT_VAR = 'TESSERA_TRAIN_WORKER_FAULT';

export const workerFaultKinds = ['throw', 'range-error', 'uncaught', 'exit'] as const;
export type WorkerFaultKind = (typeof workerFaultKinds)[number];

export interface WorkerFault {
  kind: WorkerFaultKind;
  step: number;
}

export const parseWorkerFault = (value: string | undefined): WorkerFault | undefined => {
  const m = /^([a-z-]+)@(\d+)$/.exec(value?.trim() ?? '');
  const kind = workerFaultKinds.find((k) => k === m?.[1]);
  return kind && m ? { kind, step: Number(m[2]) } : undefined;
};

export const INJECTED_EXIT_CODE = 70;

/** Does the fault (throws for throw and range-error). */
export const fireWorkerFault = (kind: WorkerFaultKind): void => {
  if (kind === 'throw') throw new Error('Injected training-worker fault');
  if (kind === 'range-error') void new ArrayBuffer(2 ** 45); // 32 TiB: "Array buffer allocation failed"
  if (kind === 'uncaught')
    setImmediate(() => {
      throw new Error('Injected uncaught training-worker fault');
    });
  if (kind === 'exit') process.exit(INJECTED_EXIT_CODE);
};
