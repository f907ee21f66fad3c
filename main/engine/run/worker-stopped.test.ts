import { describe, it, expect } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseWorkerFault } from './worker-fault';
import {
  describeWorkerError,
  isOutOfMemory,
  newestCheckpointIn,
  workerStoppedMessage,
} from './worker-stopped';

describe('workerStoppedMessage and describeWorkerError', () => {
  it('says why, that the graph is unchanged, and what next', () => {
    expect(workerStoppedMessage('its thread exited with code 3')).toBe(
      'The training worker stopped: its thread exited with code 3. Your graph is unchanged; press Train to start again.',
    );
    expect(
      workerStoppedMessage('it ran out of memory (RangeError: Array buffer allocation failed)', {
        outOfMemory: true,
        checkpoint: '/r/checkpoints/step-000010.json',
      }),
    ).toBe(
      'The training worker stopped: it ran out of memory (RangeError: Array buffer allocation failed). Your graph is unchanged; lower the batch size or the layer widths, then press Train to start again, or resume from the last checkpoint (/r/checkpoints/step-000010.json).',
    );
  });

  it('recognises running out of memory: JS heap, array buffers, the wasm heap', () => {
    const heap = Object.assign(
      new Error('Worker terminated due to reaching memory limit: JS heap out of memory'),
      {
        code: 'ERR_WORKER_OUT_OF_MEMORY',
      },
    );
    expect(isOutOfMemory(heap)).toBe(true);
    expect(isOutOfMemory(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemory(new Error('Aborted(OOM)'))).toBe(true);
    expect(
      isOutOfMemory(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')),
    ).toBe(true);
    expect(isOutOfMemory(new TypeError('x is not a function'))).toBe(false);
    expect(describeWorkerError(new RangeError('Array buffer allocation failed'))).toBe(
      'it ran out of memory (RangeError: Array buffer allocation failed)',
    );
    // First line only, no trailing period, the plain Error name left out.
    expect(describeWorkerError(new Error('Kernel X failed.\n    at f (a.ts:1)'))).toBe(
      'Kernel X failed',
    );
    expect(describeWorkerError(new TypeError('x is not a function'))).toBe(
      'TypeError: x is not a function',
    );
  });

  it('finds the newest checkpoint manifest of a run folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stopped-'));
    expect(newestCheckpointIn(dir)).toBeUndefined();
    mkdirSync(path.join(dir, 'checkpoints'));
    for (const f of [
      'step-000002.json',
      'step-000010.json',
      'step-000012.json.tmp',
      'step-000012.bin',
    ])
      writeFileSync(path.join(dir, 'checkpoints', f), '');
    expect(newestCheckpointIn(dir)).toBe(path.join(dir, 'checkpoints', 'step-000010.json'));
  });
});

describe('parseWorkerFault', () => {
  it('reads <kind>@<step> and ignores anything else', () => {
    expect(parseWorkerFault('range-error@3')).toEqual({ kind: 'range-error', step: 3 });
    expect(parseWorkerFault('exit@1')).toEqual({ kind: 'exit', step: 1 });
    expect(parseWorkerFault(undefined)).toBeUndefined();
    expect(parseWorkerFault('reboot@1')).toBeUndefined();
    expect(parseWorkerFault('throw')).toBeUndefined();
  });
});
