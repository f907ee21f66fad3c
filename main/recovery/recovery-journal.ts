// The recovery journal: unsaved work of every open document, kept on the Node side so that a
// killed shell, a closed tab or a power cut loses at most the last 2 s of it. One file per open
// document in `<app data>/recovery/`, written atomically (temp file, fsync, rename) through
// WriteThrottle. It never writes a project file: Restore reopens the work unsaved and only the
// user's Save writes it. The entries a previous run left are what `list` offers back.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, readdirSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import type { RecoveryEntry, RecoveryWriteRequest } from '../../core/ipc/contract';
import {
  journalEntryFormat,
  journalEntryVersion,
  journalFileName,
  parseJournalEntry,
  serializeJournalEntry,
  type JournalEntry,
} from './journal-entry';
import { journalWriteDelayMs, WriteThrottle } from './write-throttle';

/** An entry larger than this is not journaled (a warning is logged instead). */
export const maxJournalEntryBytes = 32 * 1024 * 1024;
/** Entries older than this are deleted when a shell starts. */
export const maxJournalAgeMs = 30 * 24 * 60 * 60 * 1000;
/** Temp files a crashed write left behind are deleted after this long. */
const staleTempMs = 60 * 60 * 1000;

export interface RecoveryJournalOptions {
  /** The journal folder (created on the first write). */
  dir: string;
  maxEntryBytes?: number;
  maxAgeMs?: number;
  /** How long a change waits before its write starts (WriteThrottle). */
  delayMs?: number;
  /** Where warnings go (refused entries, damaged files, failed writes). */
  warn?: (message: string) => void;
}

interface Editing {
  path: string | null;
  baseHash: string | null;
  since: string;
}

/** sha256 of a file's bytes, or null when there is no such file. */
export const hashFile = (path: string): Promise<string | null> =>
  new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (c) => h.update(c))
      .on('end', () => resolve(`sha256:${h.digest('hex')}`))
      .on('error', (e: NodeJS.ErrnoException) =>
        e.code === 'ENOENT' || e.code === 'EISDIR' ? resolve(null) : reject(e),
      );
  });

const formatBytes = (n: number): string =>
  n >= 1048576 ? `${(n / 1048576).toFixed(1)} MiB` : `${(n / 1024).toFixed(1)} KiB`;

const idOfFile = (name: string): string | undefined =>
  /^([A-Za-z0-9_-]{8,80})\.json$/.exec(name)?.[1];

export class RecoveryJournal {
  /** Entry ids found when this shell started: the work an earlier run left. */
  private readonly atLaunch: Set<string>;
  /** Ids this run has written or discarded: no longer an earlier run's work. */
  private readonly touched = new Set<string>();
  private readonly editing = new Map<string, Editing>();
  private readonly throttle: WriteThrottle<RecoveryWriteRequest>;
  private readonly pruned: Promise<void>;
  private readonly maxEntryBytes: number;
  private readonly warn: (message: string) => void;
  private tempCount = 0;

  constructor(private readonly o: RecoveryJournalOptions) {
    this.maxEntryBytes = o.maxEntryBytes ?? maxJournalEntryBytes;
    this.warn = o.warn ?? ((m) => console.warn(`[recovery] ${m}`));
    this.throttle = new WriteThrottle(
      (id, req) => this.writeEntry(id, req),
      o.delayMs ?? journalWriteDelayMs,
      (id, e) => this.warn(`Could not journal the unsaved work of ${id}: ${String(e)}`),
    );
    let names: string[] = [];
    try {
      names = readdirSync(o.dir);
    } catch {
      // no journal yet
    }
    this.atLaunch = new Set(names.map(idOfFile).filter((id): id is string => !!id));
    this.pruned = this.prune(names).catch((e: unknown) =>
      this.warn(`Could not prune ${o.dir}: ${String(e)}`),
    );
  }

  get dir(): string {
    return this.o.dir;
  }

  /** Journals a document's unsaved state (throttled: on disk within 2 s). */
  write(request: RecoveryWriteRequest): void {
    this.touched.add(request.id);
    this.throttle.offer(request.id, request);
  }

  /** Removes an entry (saved, or closed without saving): a waiting write is dropped. */
  async discard(id: string): Promise<void> {
    this.touched.add(id);
    await this.throttle.cancel(id);
    this.editing.delete(id);
    await fs.rm(this.fileOf(id), { force: true });
  }

  /** The work an earlier run left (found at start, not since written or discarded), newest first. */
  async list(): Promise<RecoveryEntry[]> {
    await this.pruned;
    const out: RecoveryEntry[] = [];
    for (const id of this.atLaunch) {
      if (this.touched.has(id)) continue;
      const entry = await this.read(id);
      if (!entry) continue;
      const diskChanged =
        entry.path !== null && (await hashFile(entry.path).catch(() => null)) !== entry.baseHash;
      const name = entry.document.name;
      out.push({
        id,
        ...(entry.path !== null ? { path: entry.path } : {}),
        name: typeof name === 'string' ? name : 'Untitled',
        savedAt: entry.savedAt,
        editingSince: entry.editingSince,
        diskChanged,
        document: entry.document,
      });
    }
    return out.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  /** Writes every waiting change now (a shell shutting down). */
  flush(): Promise<void> {
    return this.throttle.flush();
  }

  private fileOf(id: string): string {
    return nodePath.join(this.o.dir, journalFileName(id));
  }

  private async read(id: string): Promise<JournalEntry | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.fileOf(id), 'utf8');
    } catch {
      return undefined; // discarded meanwhile (another window of the same shell)
    }
    const parsed = parseJournalEntry(text);
    if ('entry' in parsed && parsed.entry.id === id) return parsed.entry;
    this.warn(
      `Skipped the damaged recovery file ${this.fileOf(id)}: ${'problem' in parsed ? parsed.problem : 'its id does not match its name'}. Delete it if it is of no use.`,
    );
    return undefined;
  }

  /** Where the editing began: kept for an id (and a restored entry), else the file as it is now. */
  private async editingOf(id: string, path: string | null): Promise<Editing> {
    const known = this.editing.get(id);
    if (known && known.path === path) return known;
    const earlier = this.atLaunch.has(id) ? await this.read(id) : undefined;
    const e: Editing =
      earlier && earlier.path === path
        ? { path, baseHash: earlier.baseHash, since: earlier.editingSince }
        : {
            path,
            baseHash: path === null ? null : await hashFile(path),
            since: new Date().toISOString(),
          };
    this.editing.set(id, e);
    return e;
  }

  private async writeEntry(id: string, req: RecoveryWriteRequest): Promise<void> {
    const path = req.path ? nodePath.resolve(req.path) : null;
    const editing = await this.editingOf(id, path);
    const text = serializeJournalEntry({
      format: journalEntryFormat,
      version: journalEntryVersion,
      id,
      path,
      savedAt: new Date().toISOString(),
      editingSince: editing.since,
      baseHash: editing.baseHash,
      document: req.document as Record<string, unknown>,
    });
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > this.maxEntryBytes) {
      this.warn(
        `Not journaling ${path ?? 'the untitled document'}: its unsaved state is ${formatBytes(bytes)}, over the ${formatBytes(this.maxEntryBytes)} limit. Save it to keep your changes.`,
      );
      return;
    }
    await fs.mkdir(this.o.dir, { recursive: true });
    const file = this.fileOf(id);
    const tmp = `${file}.${process.pid}.${++this.tempCount}.${randomBytes(3).toString('hex')}.tmp`;
    const handle = await fs.open(tmp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
    await this.syncDir();
  }

  /** Makes the rename itself durable (a power cut); not possible on every platform. */
  private async syncDir(): Promise<void> {
    try {
      const d = await fs.open(this.o.dir, 'r');
      try {
        await d.sync();
      } finally {
        await d.close();
      }
    } catch {
      // Windows cannot open a folder; the rename is still atomic there.
    }
  }

  private async prune(names: string[]): Promise<void> {
    const maxAge = this.o.maxAgeMs ?? maxJournalAgeMs;
    const now = Date.now();
    for (const name of names) {
      const file = nodePath.join(this.o.dir, name);
      if (name.endsWith('.tmp')) {
        const st = await fs.stat(file).catch(() => undefined);
        if (st && now - st.mtimeMs > staleTempMs) await fs.rm(file, { force: true });
        continue;
      }
      const id = idOfFile(name);
      if (!id) continue;
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const parsed = parseJournalEntry(text);
      const st = await fs.stat(file).catch(() => undefined);
      const at = 'entry' in parsed ? Date.parse(parsed.entry.savedAt) : (st?.mtimeMs ?? Number.NaN);
      if (Number.isFinite(at) && now - at > maxAge) {
        await fs.rm(file, { force: true });
        this.atLaunch.delete(id);
        this.warn(
          `Deleted the recovery file ${file}: its unsaved work is from ${new Date(at).toISOString()}, over ${Math.round(maxAge / 86_400_000)} days old.`,
        );
      }
    }
  }
}
