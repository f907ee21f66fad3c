import { describe, expect, it } from 'vitest';
import { totalmem } from 'node:os';
import { trainingMemoryLimit, WASM_HEAP_MAX_BYTES } from './training-memory-limit';

describe('trainingMemoryLimit', () => {
  it("is the machine's memory, and at most the wasm heap on the wasm backend", () => {
    expect(trainingMemoryLimit()).toEqual({ bytes: totalmem(), what: "this machine's memory" });
    expect(trainingMemoryLimit('tensorflow', 64 * 1024 ** 3).bytes).toBe(64 * 1024 ** 3);
    expect(trainingMemoryLimit('wasm', 64 * 1024 ** 3)).toEqual({
      bytes: WASM_HEAP_MAX_BYTES,
      what: "the wasm backend's heap",
    });
    expect(trainingMemoryLimit('wasm', 2 * 1024 ** 3).bytes).toBe(2 * 1024 ** 3);
  });
});
