// Sends an open document's unsaved state to the recovery journal over the bridge, in order and
// one call at a time: a state that arrives while a call is running replaces any state of the
// same document still waiting, so a burst of edits costs a few calls, never a queue. The main
// side throttles the disk writes (main/recovery/write-throttle.ts).
import type { Bridge, RecoveryWriteRequest } from '../../core/ipc/contract';

type Op = { kind: 'write'; request: RecoveryWriteRequest } | { kind: 'discard'; id: string };

export class JournalSender {
  private readonly ops: Op[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly bridge: Pick<Bridge, 'invoke'>,
    /** A call that failed (the shell gone, a refused payload); the next change sends the whole state again. */
    private readonly onError: (message: string) => void = () => undefined,
  ) {}

  write(request: RecoveryWriteRequest): void {
    const waiting = this.ops.findIndex((o) => o.kind === 'write' && o.request.id === request.id);
    if (waiting >= 0) this.ops[waiting] = { kind: 'write', request };
    else this.ops.push({ kind: 'write', request });
    this.pump();
  }

  discard(id: string): void {
    for (let i = this.ops.length - 1; i >= 0; i--) {
      const o = this.ops[i]!;
      if (o.kind === 'write' && o.request.id === id) this.ops.splice(i, 1);
    }
    this.ops.push({ kind: 'discard', id });
    this.pump();
  }

  /** Resolves when every call asked for so far has been answered. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private pump(): void {
    if (this.running) return;
    this.running = (async () => {
      for (let op = this.ops.shift(); op; op = this.ops.shift()) {
        try {
          if (op.kind === 'write') await this.bridge.invoke('recovery:write', op.request);
          else await this.bridge.invoke('recovery:discard', { id: op.id });
        } catch (e) {
          this.onError((e as Error).message);
        }
      }
    })().finally(() => {
      this.running = undefined;
    });
  }
}
