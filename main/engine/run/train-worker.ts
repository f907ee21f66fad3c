// Worker-thread entry: runs one training with runTraining, posting every TrainEvent to the
// parent and taking pause/resume/stop messages between steps. Started by start-training.ts.
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainControl, TrainRequest } from '../../../core/ipc/training-messages';
import { queueControl, runTraining } from './run-training';

interface WorkerInput {
  runId: string;
  request: TrainRequest;
}

const port = parentPort;
if (!port) throw new Error('train-worker.ts must run in a worker thread.');
const { runId, request } = workerData as WorkerInput;
const control = queueControl();
port.on('message', (m: TrainControl) => control.push(m));
runTraining(runId, request, (e) => port.postMessage(e), control)
  .catch((e: unknown) => {
    port.postMessage({
      type: 'status',
      runId,
      state: 'failed',
      message: e instanceof Error ? e.message : String(e),
    });
  })
  .finally(() => port.close());
