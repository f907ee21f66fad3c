// Worker entry for data-parallel training: its own tfjs + wasm instance, one shard of each
// batch, gradients averaged with its peers through shared memory every phase of every step.
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { initBackend } from '../backend/select-backend';
import {
  runStep,
  type AsyncStepDefinition,
  type StepDefinition,
  type StepProgram,
} from './step-program';
import { SharedAllReduce } from './all-reduce';
import { threadCpuMs } from './thread-cpu';
import type { FromWorker, ToWorker, WorkerInit } from './parallel-messages';

const init = workerData as WorkerInit;
const port = parentPort;
if (port === null) throw new Error('data-parallel.worker must run in a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);

let program: StepProgram | null = null;
let reduce: SharedAllReduce | null = null;

async function start(): Promise<void> {
  const { tf, info } = await initBackend({ backend: init.backend });
  const url = init.module.startsWith('file:') ? init.module : pathToFileURL(init.module).href;
  const mod = (await import(url)) as Record<string, unknown>;
  const def = mod[init.exportName] as StepDefinition | AsyncStepDefinition | undefined;
  if (def === undefined || typeof def.create !== 'function') {
    throw new Error(`${init.module} has no StepDefinition export named ${init.exportName}`);
  }
  program = await (def as AsyncStepDefinition).create(tf, init.config, {
    shard: init.shard,
    shards: init.shards,
  });
  const params = program.reduceFloats ?? program.variables.reduce((a, v) => a + v.size, 0);
  post({ type: 'ready', params, backend: info.name });

  const fail = (e: unknown): void => {
    reduce?.fail();
    post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  };
  port!.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'memory') {
        reduce = new SharedAllReduce(m.ctrl, m.data, init.shard, init.shards);
        post({ type: 'armed' });
      } else if (m.type === 'step') {
        if (program === null || reduce === null) throw new Error('worker not initialised');
        const r = reduce;
        const t0 = performance.now(),
          c0 = threadCpuMs();
        const losses = runStep(
          tf,
          program,
          { step: m.step, shard: init.shard, shards: init.shards },
          (_phase, grads) => r.average(grads),
        );
        post({
          type: 'stepped',
          step: m.step,
          losses,
          ms: performance.now() - t0,
          cpuMs: threadCpuMs() - c0,
          tensors: tf.memory().numTensors,
        });
      } else if (m.type === 'weights') {
        const weights = (program?.variables ?? []).map((v) => Float32Array.from(v.dataSync()));
        post({ type: 'weights', weights });
      } else if (m.type === 'call') {
        const fn = program?.calls?.[m.method];
        if (fn === undefined) throw new Error(`step program has no call named ${m.method}`);
        Promise.resolve(fn(m.args)).then((result) => post({ type: 'called', result }), fail);
      } else if (m.type === 'close') {
        program?.dispose();
        program = null;
        port!.close();
      }
    } catch (e) {
      fail(e);
    }
  });
}

start().catch((e: unknown) =>
  post({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
);
