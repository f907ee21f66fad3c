// XNNPACK's thread pool for the wasm backend in Node. tfjs-backend-wasm 4.22 never picks its
// threaded build in Node (its WASM_HAS_MULTITHREAD_SUPPORT flag is false there), and that build
// hands its pthread workers Blob URLs, which Node's worker_threads cannot load. This turns the
// flag on and serves the two scripts (the pthread worker and the module factory it imports) from
// files, so `tf.setBackend('wasm')` starts a pool of `threads` threads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type * as tfType from '@tensorflow/tfjs';

type Tf = typeof tfType;

const FACTORY_PREFIX = 'var WasmBackendModuleThreadedSimd';
/** How the pthread worker loads the module factory it is sent (a Blob, or a URL string). */
const WORKER_IMPORT =
  /if\(typeof e\.data\.urlOrBlob=="string"\)\{importScripts\(e\.data\.urlOrBlob\)\}else\{var objectUrl=URL\.createObjectURL\(e\.data\.urlOrBlob\);importScripts\(objectUrl\);URL\.revokeObjectURL\(objectUrl\)\}/;

let installed = false;

/** Call before the wasm backend initialises; `threads` XNNPACK threads (including the caller). */
export async function enableWasmThreads(tf: Tf, threads: number): Promise<void> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  if (installed) return;
  installed = true;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-wasm-threads-'));
  const factoryFile = path.join(dir, 'factory.js');
  const NativeBlob = globalThis.Blob;
  const parts = new WeakMap<Blob, string>();
  class RecordingBlob extends NativeBlob {
    constructor(...args: ConstructorParameters<typeof Blob>) {
      super(...args);
      const blobParts = args[0] ?? [];
      const text = [...blobParts].every((p) => typeof p === 'string')
        ? [...blobParts].join('')
        : null;
      if (text !== null) {
        parts.set(this, text);
        // The factory's source names the modules its bundle imported under rollup's names.
        if (text.startsWith(FACTORY_PREFIX))
          writeFileSync(
            factoryFile,
            `var commonjsGlobal = globalThis, require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os');\n${text}`,
          );
      }
    }
  }
  globalThis.Blob = RecordingBlob as typeof Blob;
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (obj: Blob): string => {
    const text = obj instanceof NativeBlob ? parts.get(obj) : undefined;
    if (text === undefined || !text.includes('WasmBackendModuleThreadedSimd(Module)'))
      return createObjectURL(obj);
    // The pthread worker: import the factory from its file instead of the Blob it is sent.
    const patched = text.replace(WORKER_IMPORT, `importScripts(${JSON.stringify(factoryFile)});`);
    if (patched === text)
      throw new Error(
        'Tessera wasm threads: the pthread worker script of this tfjs-backend-wasm version is not the one Tessera knows (4.22.0); run with TESSERA_WASM_THREADS=1',
      );
    const file = path.join(dir, 'worker.js');
    writeFileSync(file, patched);
    return file;
  };
  // Pool threads never exit; they must not keep the process alive. The module factory takes
  // `require('worker_threads').Worker` (and re-refs a worker whenever it starts a thread).
  const threadsModule = createRequire(import.meta.url)('node:worker_threads') as {
    Worker: new (file: string | URL, options?: object) => { unref(): void; ref(): void };
  };
  const NodeWorker = threadsModule.Worker;
  class UnrefWorker extends NodeWorker {
    constructor(file: string | URL, options?: object) {
      super(file, options);
      this.unref();
    }
    override ref(): void {
      // Stays unreferenced.
    }
  }
  threadsModule.Worker = UnrefWorker;
}

/**
 * Runs `init` while os.cpus() reports at least 2 x `threads` cores: the wasm backend caps its
 * pool at half the logical cores (one thread on a 2-core machine), whatever it is asked for.
 */
export async function withReportedCores<T>(threads: number, init: () => Promise<T>): Promise<T> {
  if (threads <= 1) return init();
  const osModule = createRequire(import.meta.url)('node:os') as { cpus: () => os.CpuInfo[] };
  const real = osModule.cpus;
  const cpus = real();
  osModule.cpus = () =>
    Array.from({ length: Math.max(cpus.length, 2 * threads) }, (_, i) => cpus[i % cpus.length]!);
  try {
    return await init();
  } finally {
    osModule.cpus = real;
  }
}

/**
 * The training worker's default: half the logical cores, up to 4 (tfjs-backend-wasm's own rule;
 * TESSERA_WASM_THREADS overrides). On 2 cores that is 1: there two threads won 10-25% on a quiet
 * machine but lost on the conv autoencoder and the UNet when other work shared the cores
 * (docs/engine-benchmarks.md section 6), and the studio's own UI shares them.
 */
export function defaultWasmThreads(): number {
  const env = Number(process.env['TESSERA_WASM_THREADS']);
  if (Number.isInteger(env) && env >= 1) return env;
  return Math.min(4, Math.max(1, Math.floor(availableParallelism() / 2)));
}
