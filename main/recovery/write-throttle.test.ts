import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  journalMaxDelayMs,
  journalWriteAllowanceMs,
  journalWriteDelayMs,
  WriteThrottle,
} from './write-throttle';

interface Written {
  key: string;
  value: number;
  startedAt: number;
  doneAt: number;
}

/** A sink whose writes take `writeMs` of (fake) time, recording when each started and ended. */
const recordingSink = (writeMs: number) => {
  const written: Written[] = [];
  const write = async (key: string, value: number) => {
    const startedAt = Date.now();
    await new Promise((r) => setTimeout(r, writeMs));
    written.push({ key, value, startedAt, doneAt: Date.now() });
  };
  return { written, write };
};

describe('WriteThrottle (the journal debounce policy)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('edits every 100 ms for 10 s: at most one write per delay (7 at 1.5 s), the last state on disk within 2 s', async () => {
    const sink = recordingSink(journalWriteAllowanceMs);
    const t = new WriteThrottle<number>(sink.write);
    const t0 = Date.now();
    const madeAt: number[] = [];
    for (let i = 0; i < 100; i++) {
      madeAt.push(Date.now());
      t.offer('doc', i);
      await vi.advanceTimersByTimeAsync(100);
    }
    await vi.advanceTimersByTimeAsync(journalMaxDelayMs + 1000);

    const w = sink.written;
    expect(w.length).toBeLessThanOrEqual(Math.ceil(10_000 / journalWriteDelayMs));
    expect(w.length).toBeGreaterThanOrEqual(5);
    // The last edit (made at t0 + 9900) is the last thing written, within 2 s of being made.
    const last = w[w.length - 1]!;
    expect(last.value).toBe(99);
    expect(last.doneAt - (t0 + 9900)).toBeLessThanOrEqual(journalMaxDelayMs);
    // Every edit is on disk (in the first write whose value is at least its own) within 2 s.
    for (let i = 0; i < 100; i++) {
      const first = w.find((x) => x.value >= i);
      expect(first, `edit ${i} was written`).toBeDefined();
      expect(first!.doneAt - madeAt[i]!).toBeLessThanOrEqual(journalMaxDelayMs);
    }
    // Writes of one document start at least the write delay apart, and never overlap.
    for (let k = 1; k < w.length; k++) {
      expect(w[k]!.startedAt - w[k - 1]!.startedAt).toBeGreaterThanOrEqual(journalWriteDelayMs);
      expect(w[k]!.startedAt).toBeGreaterThanOrEqual(w[k - 1]!.doneAt);
    }
  });

  it('a single edit is written once, after the write delay, and nothing more', async () => {
    const sink = recordingSink(10);
    const t = new WriteThrottle<number>(sink.write);
    const t0 = Date.now();
    t.offer('doc', 7);
    await vi.advanceTimersByTimeAsync(journalWriteDelayMs - 1);
    expect(sink.written).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(20);
    expect(sink.written).toEqual([
      {
        key: 'doc',
        value: 7,
        startedAt: t0 + journalWriteDelayMs,
        doneAt: t0 + journalWriteDelayMs + 10,
      },
    ]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(sink.written).toHaveLength(1);
    expect(t.busy('doc')).toBe(false);
  });

  it('documents are throttled separately', async () => {
    const sink = recordingSink(5);
    const t = new WriteThrottle<number>(sink.write);
    t.offer('a', 1);
    await vi.advanceTimersByTimeAsync(1000);
    t.offer('b', 2);
    await vi.advanceTimersByTimeAsync(journalMaxDelayMs);
    expect(sink.written.map((x) => [x.key, x.value])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('an edit made while a slow write runs is written after it, still within its own delay', async () => {
    const sink = recordingSink(1000);
    const t = new WriteThrottle<number>(sink.write);
    const t0 = Date.now();
    t.offer('doc', 1);
    await vi.advanceTimersByTimeAsync(journalWriteDelayMs + 100); // the first write is running
    t.offer('doc', 2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(sink.written.map((x) => x.value)).toEqual([1, 2]);
    // Started one delay after the edit (t0 + 1600), not one delay after the slow write ended.
    expect(sink.written[1]!.startedAt).toBe(t0 + journalWriteDelayMs + 100 + journalWriteDelayMs);
  });

  it('cancel drops the waiting value and waits for a running write', async () => {
    const sink = recordingSink(300);
    const t = new WriteThrottle<number>(sink.write);
    t.offer('doc', 1);
    await vi.advanceTimersByTimeAsync(journalWriteDelayMs + 10); // write of 1 is running
    t.offer('doc', 2); // waiting
    let cancelled = false;
    const c = t.cancel('doc').then(() => (cancelled = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(cancelled).toBe(false); // the running write has not finished yet
    await vi.advanceTimersByTimeAsync(300);
    await c;
    await vi.advanceTimersByTimeAsync(5000);
    expect(sink.written.map((x) => x.value)).toEqual([1]);
    expect(t.busy('doc')).toBe(false);
  });

  it('flush writes what is waiting at once (a shell shutting down)', async () => {
    const sink = recordingSink(0);
    const t = new WriteThrottle<number>(sink.write);
    t.offer('a', 1);
    t.offer('b', 2);
    t.offer('a', 3);
    const f = t.flush();
    await vi.advanceTimersByTimeAsync(1);
    await f;
    expect(sink.written.map((x) => [x.key, x.value]).sort()).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('a failed write is reported and the next edit is still written', async () => {
    const errors: string[] = [];
    let fail = true;
    const values: number[] = [];
    const t = new WriteThrottle<number>(
      async (_k, v) => {
        if (fail) {
          fail = false;
          throw new Error('disk full');
        }
        values.push(v);
      },
      journalWriteDelayMs,
      (key, e) => errors.push(`${key}: ${(e as Error).message}`),
    );
    t.offer('doc', 1);
    await vi.advanceTimersByTimeAsync(journalMaxDelayMs);
    t.offer('doc', 2);
    await vi.advanceTimersByTimeAsync(journalMaxDelayMs);
    expect(errors).toEqual(['doc: disk full']);
    expect(values).toEqual([2]);
  });
});
