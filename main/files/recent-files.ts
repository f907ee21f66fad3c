// The recent files: the projects this main process (or an earlier one) opened or saved through
// the file policy, most recent first, unique, at most `max`. The list is the main side's own
// record, so the policy lets the UI reopen a file on it without a new dialog.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { saveTextAtomic } from './atomic-save';

/** An entry a person or an older version may have written that no policy check would pass. */
const isUsableEntry = (p: unknown): p is string =>
  typeof p === 'string' &&
  p.length > 0 &&
  !p.includes('\0') &&
  nodePath.isAbsolute(p) &&
  p.toLowerCase().endsWith('.json');

export class RecentFiles {
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly max = 10,
  ) {}

  async list(): Promise<string[]> {
    try {
      const parsed = JSON.parse(await fs.readFile(this.file, 'utf8')) as unknown;
      return Array.isArray(parsed) ? [...new Set(parsed.filter(isUsableEntry))] : [];
    } catch {
      return [];
    }
  }

  /** Puts `path` first; writes are queued and atomic (no versions kept). */
  add(path: string): Promise<void> {
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        const next = [path, ...(await this.list()).filter((p) => p !== path)].slice(0, this.max);
        await saveTextAtomic(this.file, JSON.stringify(next, null, 2), { keep: 0 });
      });
    return this.writing;
  }
}
