// Worker-thread entry: runs one training with runTraining, posting every TrainEvent to the
// parent and taking pause/resume/stop messages between steps. Started by start-training.ts,
// either for one run (workerData holds it) or ahead of time as a spare: then it loads the engine,
// warms it up (warm-up.ts), posts { type: 'ready' } and waits for { type: 'run', runId, request }
// (a warm start: the seconds of loading tfjs and the engine are spent before Start is pressed).
// The final status is posted last, once the run has released its model, after a log line with
// the tensors still live in this thread (0 growth across runs is what the tensor-count test checks).
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import type { TrainControl, TrainEvent } from '../../../core/ipc/training-messages';
import { isFinalState } from '../../../core/ipc/training-messages';
import { queueControl, runTraining } from './run-training';
import { fireWorkerFault, parseWorkerFault } from './worker-fault';
import { describeWorkerError, isOutOfMemory, workerStoppedMessage } from './worker-stopped';
import type { WorkerReadyMessage, WorkerRun, WorkerRunMessage } from './worker-messages';
import { warmUp } from './warm-up';

const port = parentPort;
if (!port) throw new Error('train-worker.ts must run in a worker thread.');
const control = queueControl();
const given = workerData as Partial<WorkerRun>;
let warming: Promise<unknown> = Promise.resolve();
let runArrived = false;
const input = await new Promise<WorkerRun>((resolve) => {
  let run: WorkerRun | undefined =
    given.runId !== undefined && given.request !== undefined
      ? {
          runId: given.runId,
          request: given.request,
          ...(given.fault ? { fault: given.fault } : {}),
        }
      : undefined;
  // One listener: the run (for a spare), then the run's pause/resume/stop, in order.
  port.on('message', (m: TrainControl | WorkerRunMessage) => {
    if (m.type === 'run') {
      if (!run) {
        const { type: _t, ...r } = m;
        runArrived = true;
        resolve((run = r));
      }
    } else control.push(m);
  });
  if (run) resolve(run);
  else
    warming = warmUp(() => runArrived).then(() => {
      if (!runArrived) port.postMessage({ type: 'ready' } satisfies WorkerReadyMessage);
    });
});
// A spare's warm-up stops at its next stage once the run has arrived; the run starts after it.
await warming;
const { runId, request } = input;
// Tests only: a crash injected at a step (worker-fault.ts).
let fault = parseWorkerFault(input.fault);
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
