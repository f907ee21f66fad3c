// Worker-thread entry: runs one training with runTraining, posting every TrainEvent to the
// parent and taking pause/resume/stop messages between steps. Started by start-training.ts.
// The final status is posted last, once the run has released its model, after a log line with
// the tensors still live in this thread (0 growth across runs is what the tensor-count test checks).
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { TrainControl, TrainEvent, TrainRequest } from '../../../core/ipc/training-messages';
import { isFinalState } from '../../../core/ipc/training-messages';
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
let final: TrainEvent | undefined;
const emit = (e: TrainEvent): void => {
  if (e.type === 'status' && isFinalState(e.state)) {
    final = e;
    return;
  }
  port.postMessage(e);
  if (fault && e.type === 'progress' && e.step >= fault.step) {
    const { kind } = fault;
    fault = undefined;
    fireWorkerFault(kind);
  }
};
runTraining(runId, request, emit, control)
  .catch((e: unknown) => {
    final = {
      type: 'status',
      runId,
      state: 'failed',
      message: workerStoppedMessage(describeWorkerError(e), { outOfMemory: isOutOfMemory(e) }),
    };
  })
  .finally(() => {
    // tf.memory() would start a backend if the run never did (a refused resume): only after one.
    if (tf.engine().backendName)
      port.postMessage({
        type: 'log',
        runId,
        level: 'info',
        message: `Tensors live in the training thread after the run: ${tf.memory().numTensors}.`,
      } satisfies TrainEvent);
    if (final) port.postMessage(final);
    port.close();
  });
