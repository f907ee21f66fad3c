// Gradient averaging between worker threads over shared memory: every worker writes its
// gradients into its own slot, waits at a barrier, then sums all slots in the same fixed
// order (so every worker gets bit-identical averages and keeps identical weights).

/** Control block: [arrived count, generation, failed flag]. */
export const CTRL_INTS = 3;

export class SharedAllReduce {
  private readonly ctrl: Int32Array;
  private readonly data: Float32Array;
  private readonly slot: number;

  constructor(
    ctrl: SharedArrayBuffer,
    data: SharedArrayBuffer,
    private readonly shard: number,
    private readonly shards: number,
    private readonly timeoutMs = 120_000,
  ) {
    this.ctrl = new Int32Array(ctrl);
    this.data = new Float32Array(data);
    this.slot = this.data.length / shards;
  }

  /** Blocks until every worker has arrived (sense-reversing barrier). */
  barrier(): void {
    const gen = Atomics.load(this.ctrl, 1);
    if (Atomics.load(this.ctrl, 2) !== 0) throw new Error('all-reduce: another worker failed');
    if (Atomics.add(this.ctrl, 0, 1) === this.shards - 1) {
      Atomics.store(this.ctrl, 0, 0);
      Atomics.add(this.ctrl, 1, 1);
      Atomics.notify(this.ctrl, 1);
      return;
    }
    const deadline = Date.now() + this.timeoutMs;
    while (Atomics.load(this.ctrl, 1) === gen) {
      if (Atomics.load(this.ctrl, 2) !== 0) throw new Error('all-reduce: another worker failed');
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `all-reduce: worker ${this.shard} waited ${this.timeoutMs} ms at a barrier`,
        );
      Atomics.wait(this.ctrl, 1, gen, Math.min(left, 1000));
    }
  }

  /** Marks the group failed so that peers stop waiting. */
  fail(): void {
    Atomics.store(this.ctrl, 2, 1);
    Atomics.add(this.ctrl, 1, 1);
    Atomics.notify(this.ctrl, 1);
  }

  /** Averages `grads` over all workers; returns new arrays with the same sizes. */
  average(grads: Float32Array[]): Float32Array[] {
    const total = grads.reduce((a, g) => a + g.length, 0);
    if (total > this.slot)
      throw new Error(`all-reduce: ${total} gradient floats exceed the slot of ${this.slot}`);
    let off = this.shard * this.slot;
    for (const g of grads) {
      this.data.set(g, off);
      off += g.length;
    }
    this.barrier();
    const out: Float32Array[] = [];
    let pos = 0;
    const inv = 1 / this.shards;
    for (const g of grads) {
      const r = new Float32Array(g.length);
      for (let s = 0; s < this.shards; s++) {
        const base = s * this.slot + pos;
        for (let i = 0; i < r.length; i++)
          r[i] = (r[i] as number) + (this.data[base + i] as number);
      }
      for (let i = 0; i < r.length; i++) r[i] = (r[i] as number) * inv;
      out.push(r);
      pos += g.length;
    }
    this.barrier(); // nobody overwrites its slot before everyone has read
    return out;
  }
}
