// Worker-thread entry: runs one training with runTraining, posting every TrainEvent to the
// parent and taking pause/resume/stop messages between steps. Started by start-training.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainControl, TrainEvent, TrainRequest } from '../../../core/ipc/training-messages';
import { queueControl, runTraining } from './run-training';
import { fireWorkerFault, parseWorkerFault, WORKER_FAULT_VAR } from './worker-fault';
import { describeWorkerError, isOutOfMemory, workerStoppedMessage } from './worker-stopped';

interface WorkerInput {
  runId: string;
  request: TrainRequest;
}

const port = parentPort;
if (!port) throw new Error('train-worker.ts must run in a worker thread.');
const { runId, request } = workerData as WorkerInput;
const control = queueControl();
port.on('message', (m: TrainControl) => control.push(m));
// Tests only: a crash injected at a step (worker-fault.ts).
let fault = parseWorkerFault(process.env[WORKER_FAULT_VAR]);
const emit = (e: TrainEvent): void => {
  port.postMessage(e);
  if (fault && e.type === 'progress' && e.step >= fault.step) {
    const { kind } = fault;
    fault = undefined;
    fireWorkerFault(kind);
  }
};
runTraining(runId, request, emit, control)
  .catch((e: unknown) => {
    port.postMessage({
      type: 'status',
      runId,
      state: 'failed',
      message: workerStoppedMessage(describeWorkerError(e), { outOfMemory: isOutOfMemory(e) }),
    });
  })
  .finally(() => port.close());
