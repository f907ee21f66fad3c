// Data-parallel training over worker threads (one wasm instance each): every worker runs
// the same step program on its shard of the batch, gradients are averaged every phase,
// so all workers keep identical weights. The coordinator only starts steps and collects losses.
//
// Adopting it in a trainer: write a step module exporting a StepDefinition whose create(tf,
// config) builds the model from `config` (e.g. the document) and returns a StepProgram with a
// custom `step(ctx, allReduce)`: run the due objectives; after tf.variableGrads, pass the
// gradients (Float32Arrays, fixed order) and the loss value through `allReduce` and apply the
// averages. Data nodes read examples [shard * B/S, (shard + 1) * B/S) of the global batch.
// Expose checkpoint/preview work as `calls` and run them on worker 0 with `call(0, ...)`.
// See examples/linear-regression.step.ts and data-parallel.test.ts.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { BackendInfo } from '../../../core/ipc/training-messages';
import { CTRL_INTS } from './all-reduce';
import type { FromWorker, ToWorker, WorkerInit } from './parallel-messages';

export interface DataParallelOptions {
  /** Absolute path or file: URL of a module exporting a StepDefinition. */
  module: string;
  /** The export's name (default 'stepDefinition'). */
  exportName?: string;
  /** Passed to StepDefinition.create in every worker (must be structured-cloneable). */
  config: unknown;
  /** Number of workers (default: recommendedWorkers()). The batch must split evenly. */
  workers?: number;
  backend?: 'wasm' | 'cpu';
}

export interface ParallelStepResult {
  /** Loss per phase, averaged over the shards (= the full batch's mean loss). */
  losses: Record<string, number>;
  /** Slowest worker's step time. */
  ms: number;
  /** Largest per-worker thread CPU time of the step (10 ms ticks; NaN off Linux). */
  cpuMs: number;
  /** Live tensors per worker after the step. */
  tensors: number[];
}

/**
 * Workers worth using: 2 on wasm where there are >= 2 cores and the batch splits into halves of
 * at least 8 (two wasm instances: busiest-worker CPU time per step projects 1.6-1.75x for the
 * autoencoder and 1.85x for the DCGAN on idle cores; docs/engine-benchmarks.md), else 1.
 * tfjs-node is multi-threaded already.
 */
export function recommendedWorkers(
  backend = 'wasm',
  cores = availableParallelism(),
  batch?: number,
): number {
  if (backend !== 'wasm' || cores < 2) return 1;
  if (batch !== undefined && (batch < 16 || batch % 2 !== 0)) return 1;
  return 2;
}

// A .mjs bootstrap registers tsx in the worker, then imports data-parallel.worker.ts.
const WORKER_URL = new URL('./data-parallel.worker-bootstrap.mjs', import.meta.url);

export class DataParallelTrainer {
  private pending = new Map<number, (m: FromWorker) => void>();
  private failure: Error | null = null;
  private readonly exited = new Set<number>();

  private constructor(
    private readonly workers: Worker[],
    readonly info: BackendInfo,
  ) {}

  static async start(opts: DataParallelOptions): Promise<DataParallelTrainer> {
    const n = opts.workers ?? recommendedWorkers(opts.backend ?? 'wasm');
    const workers: Worker[] = [];
    for (let shard = 0; shard < n; shard++) {
      const init: WorkerInit = {
        module: opts.module,
        exportName: opts.exportName ?? 'stepDefinition',
        config: opts.config,
        shard,
        shards: n,
        backend: opts.backend ?? 'wasm',
      };
      workers.push(new Worker(WORKER_URL, { workerData: init }));
    }
    const t = new DataParallelTrainer(workers, {
      name: opts.backend ?? 'wasm',
      reason: '',
      workers: n,
    });
    workers.forEach((w, i) => {
      w.on('message', (m: FromWorker) => t.receive(i, m));
      w.on('error', (e) => t.fail(new Error(`data-parallel worker ${i}: ${e.message}`)));
      w.on('exit', (code) => {
        t.exited.add(i);
        if (code !== 0) t.fail(new Error(`data-parallel worker ${i} exited with ${code}`));
        else t.fail(new Error(`data-parallel worker ${i} has exited`));
      });
    });
    try {
      const ready = await t.all((i) => t.expect(i, 'ready'));
      const params = ready[0]?.type === 'ready' ? ready[0].params : 0;
      const backend = ready[0]?.type === 'ready' ? ready[0].backend : 'unknown';
      const ctrl = new SharedArrayBuffer(CTRL_INTS * 4);
      const data = new SharedArrayBuffer(Math.max(1, params) * n * 4);
      await t.all((i) => t.send(i, { type: 'memory', ctrl, data }, 'armed'));
      t.info.name = backend;
      t.info.reason = `data-parallel over ${n} worker threads (${backend} each), gradients averaged every step`;
      return t;
    } catch (e) {
      await t.close();
      throw e;
    }
  }

  private receive(i: number, m: FromWorker): void {
    if (m.type === 'error') {
      this.fail(new Error(`data-parallel worker ${i}: ${m.message}`));
      return;
    }
    const cb = this.pending.get(i);
    if (cb !== undefined) {
      this.pending.delete(i);
      cb(m);
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const [i, cb] of this.pending) {
      this.pending.delete(i);
      cb({ type: 'error', message: e.message });
    }
  }

  private expect(i: number, type: FromWorker['type']): Promise<FromWorker> {
    return new Promise((resolve, reject) => {
      if (this.failure !== null) {
        reject(this.failure);
        return;
      }
      this.pending.set(i, (m) => {
        if (m.type === 'error') reject(this.failure ?? new Error(m.message));
        else if (m.type !== type)
          reject(new Error(`data-parallel worker ${i}: expected ${type}, got ${m.type}`));
        else resolve(m);
      });
    });
  }

  private send(i: number, m: ToWorker, reply: FromWorker['type']): Promise<FromWorker> {
    const p = this.expect(i, reply);
    this.workers[i]?.postMessage(m);
    return p;
  }

  private all(f: (i: number) => Promise<FromWorker>): Promise<FromWorker[]> {
    return Promise.all(this.workers.map((_, i) => f(i)));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Workers whose thread has exited (all of them after close()). */
  get exitedCount(): number {
    return this.exited.size;
  }

  /** Runs one global step on every worker (each on its shard) and averages the losses. */
  async step(step: number): Promise<ParallelStepResult> {
    const res = await this.all((i) => this.send(i, { type: 'step', step }, 'stepped'));
    const losses: Record<string, number> = {};
    let ms = 0,
      cpuMs = 0;
    const tensors: number[] = [];
    for (const r of res) {
      if (r.type !== 'stepped') continue;
      for (const [k, v] of Object.entries(r.losses)) losses[k] = (losses[k] ?? 0) + v / res.length;
      ms = Math.max(ms, r.ms);
      cpuMs = Math.max(cpuMs, r.cpuMs);
      tensors.push(r.tensors);
    }
    return { losses, ms, cpuMs, tensors };
  }

  /** The trained variables of one worker (all workers hold identical values). */
  async weights(worker = 0): Promise<Float32Array[]> {
    const r = await this.send(worker, { type: 'weights' }, 'weights');
    return r.type === 'weights' ? r.weights : [];
  }

  /** Runs `program.calls[method](args)` on one worker (e.g. write a checkpoint from worker 0). */
  async call(worker: number, method: string, args?: unknown): Promise<unknown> {
    const r = await this.send(worker, { type: 'call', method, args }, 'called');
    return r.type === 'called' ? r.result : undefined;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async (w, i) => {
        if (this.exited.has(i)) return;
        w.postMessage({ type: 'close' } satisfies ToWorker);
        const timer = setTimeout(() => void w.terminate(), 2000);
        await new Promise((r) => w.once('exit', r));
        clearTimeout(timer);
        this.exited.add(i);
      }),
    );
  }
}
