// Grants: a path the user chose in a file dialog owned by the main process, allowed for one
// action (open, save or export) once, for a short while. Keyed by the action and the chosen
// file's real path, so a grant to save cannot be spent on an export, nor on another file.
import type { FileAction } from './path-rules';

/** How long a dialog's choice stays usable: long enough to write, too short to hoard. */
export const grantLifetimeMs = 2 * 60_000;

export class FileGrants {
  private readonly live = new Map<string, number>();

  constructor(
    private readonly lifetimeMs = grantLifetimeMs,
    private readonly now: () => number = Date.now,
  ) {}

  private static key(action: FileAction, realPath: string): string {
    return `${action}\u0000${realPath}`;
  }

  give(action: FileAction, realPath: string): void {
    this.prune();
    this.live.set(FileGrants.key(action, realPath), this.now() + this.lifetimeMs);
  }

  /** Spends the grant: true once, for a live grant of this action and path; false after. */
  use(action: FileAction, realPath: string): boolean {
    const key = FileGrants.key(action, realPath);
    const until = this.live.get(key);
    this.live.delete(key);
    return until !== undefined && until >= this.now();
  }

  /** How many grants are live (tests). */
  get size(): number {
    this.prune();
    return this.live.size;
  }

  private prune(): void {
    const t = this.now();
    for (const [k, until] of this.live) if (until < t) this.live.delete(k);
  }
}
