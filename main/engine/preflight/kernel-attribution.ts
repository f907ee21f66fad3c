// Attributes the kernels tf runs to graph nodes. tf.profile records every kernel in order
// (engine.state.activeProfile.kernels) and the gradient tape records every op (activeTape);
// while a node's apply runs, whatever lands in those lists belongs to that node (the innermost
// node wins). Tape entries keep their owner, and their gradient functions are wrapped so the
// backward kernels they run are attributed to the same node, as 'gradient' kernels.
import type { TF } from '../../../core/node-contract/node-definition';

export type KernelPhase = 'forward' | 'gradient' | 'after-step';

/** The node a kernel ran for: its id in its graph, its label, and the module it lies in. */
export interface KernelOwner {
  nodeId: string;
  label: string;
  /** Module name when the node lies inside a module ('' at the top level). */
  module: string;
}

interface Slot {
  owner: KernelOwner | undefined;
  phase: KernelPhase;
}

interface ProfiledKernel {
  name: string;
}

interface TapeEntry {
  gradient?: (dys: unknown) => Record<string, () => unknown>;
  saved?: { dispose(): void }[];
}

interface EngineInternals {
  state: {
    activeProfile: { kernels: ProfiledKernel[] };
    activeTape: TapeEntry[] | null;
    gradientDepth: number;
  };
}

export interface AttributedKernel {
  kernel: string;
  owner: KernelOwner | undefined;
  phase: KernelPhase;
}

/** The kernel named by tf's "Kernel 'X' not registered for backend 'Y'" error, if that is what `e` is. */
export const unregisteredKernel = (e: unknown): { kernel: string; backend: string } | undefined => {
  const m = /Kernel '([^']+)' not registered for backend '([^']+)'/.exec(
    e instanceof Error ? e.message : String(e),
  );
  return m ? { kernel: m[1] as string, backend: m[2] as string } : undefined;
};

export class KernelAttribution {
  private current: Slot = { owner: undefined, phase: 'forward' };
  private kernelMark = 0;
  private tape: TapeEntry[] | null = null;
  private tapeMark = 0;
  private readonly kernelSlots: Slot[] = [];
  private readonly tapeOwners = new Map<TapeEntry, KernelOwner | undefined>();
  private readonly wrapped = new Set<TapeEntry>();
  /** The innermost node running when a kernel was found missing, and that kernel. */
  failure: { kernel: string; backend: string; slot: Slot } | undefined;

  constructor(private readonly tf: TF) {}

  private get engine(): EngineInternals {
    return this.tf.engine() as unknown as EngineInternals;
  }

  /** Assigns every kernel and tape entry recorded since the last flush to the current slot. */
  flush(): void {
    const kernels = this.engine.state.activeProfile.kernels;
    for (let i = this.kernelMark; i < kernels.length; i++) this.kernelSlots[i] = this.current;
    this.kernelMark = kernels.length;
    const tape = this.engine.state.activeTape;
    if (tape !== this.tape) {
      this.tape = tape;
      this.tapeMark = 0;
    }
    if (tape) {
      for (let i = this.tapeMark; i < tape.length; i++) {
        const entry = tape[i];
        if (entry && !this.tapeOwners.has(entry)) this.tapeOwners.set(entry, this.current.owner);
      }
      this.tapeMark = tape.length;
    }
  }

  /** Runs fn with `owner` (or the current owner) as the node its kernels belong to. */
  within<T>(owner: KernelOwner | undefined, phase: KernelPhase, fn: () => T): T {
    this.flush();
    const prev = this.current;
    this.current = { owner: owner ?? prev.owner, phase };
    try {
      return fn();
    } catch (e) {
      const missing = unregisteredKernel(e);
      if (missing && !this.failure) this.failure = { ...missing, slot: this.current };
      throw e;
    } finally {
      this.flush();
      this.current = prev;
    }
  }

  /**
   * Call at the end of the function whose gradient is taken (before tf filters the tape):
   * wraps each tape entry's gradient so its backward kernels go to the entry's node.
   */
  wrapTapeGradients(): void {
    this.flush();
    const tape = this.engine.state.activeTape ?? [];
    for (const entry of tape) {
      const grad = entry.gradient;
      if (!grad || this.wrapped.has(entry)) continue;
      this.wrapped.add(entry);
      const owner = this.tapeOwners.get(entry);
      entry.gradient = (dys) =>
        this.within(owner, 'gradient', () => {
          const fns = grad(dys);
          const out: Record<string, () => unknown> = {};
          for (const [k, f] of Object.entries(fns))
            out[k] = () => this.within(owner, 'gradient', f);
          return out;
        });
    }
  }

  /**
   * After a gradient computation threw: tf keeps the tensors the tape saved for backprop until
   * a backprop finishes, so a failed one strands them. Disposes them and drops the tape.
   */
  disposeStrandedTape(): void {
    const state = this.engine.state;
    if (state.gradientDepth !== 0 || !state.activeTape) return;
    for (const entry of state.activeTape) for (const t of entry.saved ?? []) t.dispose();
    state.activeTape = null;
  }

  /** Every kernel recorded by the profile, with its node and phase. */
  results(): AttributedKernel[] {
    this.flush();
    const kernels = this.engine.state.activeProfile.kernels;
    return kernels.map((k, i) => {
      const slot = this.kernelSlots[i] ?? { owner: undefined, phase: 'forward' as const };
      return { kernel: k.name, owner: slot.owner, phase: slot.phase };
    });
  }
}
