// When a document's unsaved state is written to the recovery journal. Per key (one open
// document): a change waits at most `delayMs` before its write starts, changes made meanwhile
// (or while a write is running) join the next write, and one key has one write at a time.
// The delay runs from the first change not yet written, so writes of one key start at least
// `delayMs` apart and a stream of edits gives one write per `delayMs` (plus the edit spacing).
//
// The journal promises "on disk within 2 s of the change": the write starts after 1.5 s and
// the remaining 500 ms are the write itself (temp file, fsync, rename; 250 ms once proved too
// little: a quiet-machine run measured 2,121 ms from the edit sent to the journal on disk).

/** The promise to the user: a change is in the journal this long after it reached the shell. */
export const journalMaxDelayMs = 2000;
/** What a journal write (serialise, write, fsync, rename) is allowed to take of that. */
export const journalWriteAllowanceMs = 500;
/** How long a change waits before its write starts. */
export const journalWriteDelayMs = journalMaxDelayMs - journalWriteAllowanceMs;

interface KeyState<T> {
  /** The newest value not yet handed to a write. */
  pending?: { value: T; since: number };
  timer?: ReturnType<typeof setTimeout>;
  /** The write in progress, if any. */
  writing?: Promise<void>;
}

export class WriteThrottle<T> {
  private readonly keys = new Map<string, KeyState<T>>();

  constructor(
    private readonly write: (key: string, value: T) => Promise<void>,
    private readonly delayMs = journalWriteDelayMs,
    private readonly onError: (key: string, error: unknown) => void = () => undefined,
  ) {}

  /** A new value for `key`: written within `delayMs` (after any write already running). */
  offer(key: string, value: T): void {
    const s = this.state(key);
    s.pending = { value, since: s.pending?.since ?? Date.now() };
    if (!s.timer && !s.writing) this.schedule(key, s);
  }

  /** Whether `key` has a value waiting or a write running. */
  busy(key: string): boolean {
    const s = this.keys.get(key);
    return !!s && (!!s.pending || !!s.writing);
  }

  /** Drops `key`'s waiting value; resolves once a write already running has finished. */
  async cancel(key: string): Promise<void> {
    const s = this.keys.get(key);
    if (!s) return;
    clearTimeout(s.timer);
    s.timer = undefined;
    s.pending = undefined;
    await s.writing;
    if (!s.pending && !s.writing) this.keys.delete(key);
  }

  /** Writes every waiting value now (shutting down); resolves when all writes are done. */
  async flush(): Promise<void> {
    for (;;) {
      const waiting = [...this.keys].filter(([, s]) => s.pending || s.writing);
      if (waiting.length === 0) return;
      for (const [key, s] of waiting)
        if (s.pending && !s.writing) {
          clearTimeout(s.timer);
          s.timer = undefined;
          void this.run(key, s);
        }
      await Promise.all(waiting.map(([, s]) => s.writing));
    }
  }

  private state(key: string): KeyState<T> {
    let s = this.keys.get(key);
    if (!s) this.keys.set(key, (s = {}));
    return s;
  }

  private schedule(key: string, s: KeyState<T>): void {
    if (!s.pending) return;
    const wait = Math.max(0, s.pending.since + this.delayMs - Date.now());
    s.timer = setTimeout(() => {
      s.timer = undefined;
      void this.run(key, s);
    }, wait);
  }

  private run(key: string, s: KeyState<T>): Promise<void> {
    const p = s.pending;
    if (!p) return Promise.resolve();
    s.pending = undefined;
    const done = this.write(key, p.value)
      .catch((e: unknown) => this.onError(key, e))
      .finally(() => {
        s.writing = undefined;
        if (s.pending) this.schedule(key, s);
        else if (!s.timer) this.keys.delete(key);
      });
    s.writing = done;
    return done;
  }
}
