// The memory a training run may use, for the compiler's memory check: the machine's memory
// (os.totalmem()), and on the wasm backend no more than its heap, where every tensor lives:
// tfjs-backend-wasm's emscripten build grows its heap to at most 4294901760 bytes (getHeapMax in
// wasm-out/tfjs-backend-wasm.js), just under 4 GiB.
import { totalmem } from 'node:os';
import type { MemoryLimit } from '../../../core/graph/memory-limit';

export const WASM_HEAP_MAX_BYTES = 4_294_901_760;

/** The limit for a run on `backend` (its name once chosen; undefined: the machine's memory). */
export const trainingMemoryLimit = (backend?: string, machineBytes = totalmem()): MemoryLimit =>
  backend === 'wasm' && WASM_HEAP_MAX_BYTES < machineBytes
    ? { bytes: WASM_HEAP_MAX_BYTES, what: "the wasm backend's heap" }
    : { bytes: machineBytes, what: `this machine's memory` };
