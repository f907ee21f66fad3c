// Backend selection for training: tfjs-node (native TensorFlow) when installed, else wasm
// with Tessera's training kernels, else the pure-JS cpu backend (the reference, slow).
import * as tf from '@tensorflow/tfjs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BackendInfo } from '../../../core/ipc/training-messages';
import { enableWasmThreads, withReportedCores } from './wasm-threads';
import {
  registerWasmTrainingKernels,
  TESSERA_WASM_KERNELS,
} from './wasm-kernels/register-wasm-kernels';

export type BackendChoice = 'auto' | 'tensorflow' | 'wasm' | 'cpu';
export interface InitBackendOptions {
  backend?: BackendChoice;
  /**
   * XNNPACK threads for the wasm backend (default 1). Only the first wasm initialisation in a
   * process decides; BackendInfo.threads says what it got.
   */
  threads?: number;
}
export interface InitBackendResult {
  tf: typeof tf;
  info: BackendInfo;
}

export { TESSERA_WASM_KERNELS };

const TFJS_NODE = '@tensorflow/tfjs-node';
const NO_TFJS_NODE =
  'tfjs-node not installed — install it on a machine with internet for native speed';

let wasmPathsSet = false;
let wasmLoaded: Promise<void> | null = null;

async function loadWasm(): Promise<void> {
  wasmLoaded ??= (async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (!wasmPathsSet) {
      // Load the .wasm binaries from node_modules (no network): <pkg>/dist/*.wasm.
      const require = createRequire(import.meta.url);
      const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
      wasm.setWasmPaths(path.join(dir, 'dist') + path.sep);
      wasmPathsSet = true;
    }
  })();
  return wasmLoaded;
}

async function tryTensorflow(): Promise<{ ok: true } | { ok: false; why: string }> {
  try {
    const name = TFJS_NODE; // a variable: the package is optional and absent here
    await import(/* @vite-ignore */ name);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const missing = /Cannot find (module|package)|ERR_MODULE_NOT_FOUND/.test(msg);
    return {
      ok: false,
      why: missing ? NO_TFJS_NODE : `tfjs-node failed to load (${msg.split('\n')[0]})`,
    };
  }
  if (
    tf.findBackend('tensorflow') === null &&
    tf.engine().registryFactory['tensorflow'] === undefined
  ) {
    return {
      ok: false,
      why: 'tfjs-node loaded but registered no "tensorflow" backend (version mismatch with @tensorflow/tfjs?)',
    };
  }
  const ok = await tf.setBackend('tensorflow');
  return ok
    ? { ok: true }
    : { ok: false, why: 'tfjs-node is installed but its backend failed to initialise' };
}

let wasmThreads: number | null = null;

/** The wasm backend's thread count once it has started (null before). */
export const activeWasmThreads = (): number | null => wasmThreads;

async function tryWasm(threads: number): Promise<{ ok: true } | { ok: false; why: string }> {
  try {
    await loadWasm();
    if (wasmThreads === null && threads > 1) await enableWasmThreads(tf, threads);
    const ok = await withReportedCores(wasmThreads === null ? threads : 1, () =>
      tf.setBackend('wasm'),
    );
    if (ok && wasmThreads === null) {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasmThreads = wasm.getThreadsCount();
    }
    if (!ok) return { ok: false, why: 'the wasm backend failed to initialise' };
    registerWasmTrainingKernels(tf);
    return { ok: true };
  } catch (e) {
    return {
      ok: false,
      why: `the wasm backend failed to load (${e instanceof Error ? e.message : String(e)})`,
    };
  }
}

/**
 * The backend `choice` will most likely give, named before it starts (for the "selecting
 * backend (wasm)" phase): 'auto' is tensorflow when tfjs-node can be found, else wasm.
 */
export function expectedBackend(choice: BackendChoice): 'tensorflow' | 'wasm' | 'cpu' {
  if (choice !== 'auto') return choice;
  try {
    createRequire(import.meta.url).resolve(TFJS_NODE);
    return 'tensorflow';
  } catch {
    return 'wasm';
  }
}

/**
 * Selects and initialises the training backend. 'auto': tfjs-node, else wasm with
 * Tessera's kernels, else cpu. Forcing an unavailable backend throws with the reason.
 * Idempotent: calling again (with the same or another choice) just (re)selects.
 */
export async function initBackend(opts: InitBackendOptions = {}): Promise<InitBackendResult> {
  const choice = opts.backend ?? 'auto';
  const workers = 1;
  if (choice === 'tensorflow') {
    const r = await tryTensorflow();
    if (!r.ok)
      throw new Error(`Backend 'tensorflow' unavailable: ${r.why}. Use --backend wasm or auto.`);
    return {
      tf,
      info: { name: 'tensorflow', reason: 'forced: native TensorFlow (tfjs-node)', workers },
    };
  }
  const threads = Math.max(1, Math.floor(opts.threads ?? 1));
  if (choice === 'wasm') {
    const r = await tryWasm(threads);
    if (!r.ok) throw new Error(`Backend 'wasm' unavailable: ${r.why}.`);
    return {
      tf,
      info: {
        name: 'wasm',
        reason: `forced: wasm with Tessera's training kernels${threadsNote()}`,
        workers,
        threads: wasmThreads ?? 1,
      },
    };
  }
  if (choice === 'cpu') {
    const ok = await tf.setBackend('cpu');
    if (!ok) throw new Error("Backend 'cpu' failed to initialise.");
    return {
      tf,
      info: {
        name: 'cpu',
        reason: 'forced: pure-JS cpu backend (reference, very slow for training)',
        workers,
      },
    };
  }
  const t = await tryTensorflow();
  if (t.ok)
    return { tf, info: { name: 'tensorflow', reason: 'native TensorFlow (tfjs-node)', workers } };
  const w = await tryWasm(threads);
  if (w.ok)
    return {
      tf,
      info: {
        name: 'wasm',
        reason: `${t.why}; using wasm with Tessera's training kernels${threadsNote()}`,
        workers,
        threads: wasmThreads ?? 1,
      },
    };
  await tf.setBackend('cpu');
  return {
    tf,
    info: {
      name: 'cpu',
      reason: `${t.why}; ${w.why}; using the pure-JS cpu backend (very slow)`,
      workers,
    },
  };
}

const threadsNote = (): string => ((wasmThreads ?? 1) > 1 ? ` on ${wasmThreads} threads` : '');

/** Kernel names from `kernelNames` that have no implementation on `backendName`. */
export function missingKernels(backendName: string, kernelNames: readonly string[]): string[] {
  return kernelNames.filter((k) => tf.getKernel(k, backendName) === undefined);
}
