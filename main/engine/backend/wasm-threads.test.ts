// The wasm backend on XNNPACK's thread pool (its own process: vitest runs each file in a fork, and
// the first wasm initialisation of a process fixes the thread count): the bench models train as on
// the cpu reference, the backend says how many threads it got, and the pool does not keep the
// process alive (vitest's fork exits when the file is done).
import { describe, expect, it } from 'vitest';
import { defaultWasmThreads } from './wasm-threads';
import { activeWasmThreads, initBackend } from './select-backend';
import { describeWasmMatchesCpu } from './training-e2e.cases';

describeWasmMatchesCpu(2);

describe('wasm threads', () => {
  it('reports the pool in the backend info, and a later request does not restart it', async () => {
    const { info } = await initBackend({ backend: 'wasm', threads: 2 });
    expect(info).toMatchObject({ name: 'wasm', threads: 2 });
    expect(info.reason).toMatch(/on 2 threads$/);
    const again = await initBackend({ backend: 'wasm', threads: 4 });
    expect(again.info.threads).toBe(2);
    expect(activeWasmThreads()).toBe(2);
  });

  it('defaults to one thread per core up to 4, overridden by TESSERA_WASM_THREADS', () => {
    const saved = process.env['TESSERA_WASM_THREADS'];
    try {
      delete process.env['TESSERA_WASM_THREADS'];
      const d = defaultWasmThreads();
      expect(d).toBeGreaterThanOrEqual(1);
      expect(d).toBeLessThanOrEqual(4);
      process.env['TESSERA_WASM_THREADS'] = '3';
      expect(defaultWasmThreads()).toBe(3);
      process.env['TESSERA_WASM_THREADS'] = 'many';
      expect(defaultWasmThreads()).toBe(d);
    } finally {
      if (saved === undefined) delete process.env['TESSERA_WASM_THREADS'];
      else process.env['TESSERA_WASM_THREADS'] = saved;
    }
  });
});
