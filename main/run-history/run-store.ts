// The run history on disk: one record per run, <runs folder>/<run id>/run.json, beside the run's
// checkpoints/ and previews/ (the folder the engine already writes each run into). Written
// atomically (main/files/atomic-save.ts); read back when a project opens, so the history survives
// restarts. A damaged record is skipped with a warning naming the file, never a failed listing.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import {
  belongsTo,
  parseRunRecord,
  summarizeRun,
  type RunProject,
  type RunRecord,
  type RunSummary,
} from '../../core/run-history/run-record';
import { saveTextAtomic } from '../files/atomic-save';
import { errnoOf } from '../files/save-fs';

export const RUN_RECORD_FILE = 'run.json';

const parseRecordText = (
  text: string,
): { ok: true; record: RunRecord } | { ok: false; problem: string } => {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: `it is not valid JSON (${(e as Error).message})` };
  }
  return parseRunRecord(v);
};

/** Run ids name folders: letters, digits, '-' and '_' only (start-training.ts's newRunId). */
export const isRunId = (id: string): boolean => /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/.test(id);

export class RunStore {
  /** Parsed summaries by run id, kept while the file's size and mtime stay the same. */
  private readonly cache = new Map<string, { stamp: string; summary: RunSummary }>();
  /** One write at a time per run, in order. */
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    readonly dir: string,
    private readonly warn: (message: string) => void = (m) => console.warn(`[runs] ${m}`),
  ) {}

  fileOf(runId: string): string {
    if (!isRunId(runId))
      throw new Error(`"${runId.slice(0, 100)}" is not a run id (letters, digits, - and _).`);
    return nodePath.join(this.dir, runId, RUN_RECORD_FILE);
  }

  /** Writes a run's record (atomic); writes of one run happen in the order asked. */
  write(record: RunRecord): Promise<void> {
    const file = this.fileOf(record.runId);
    const text = JSON.stringify(record);
    const prev = this.writes.get(record.runId) ?? Promise.resolve();
    const next = prev.catch(() => undefined).then(() => saveTextAtomic(file, text, { keep: 0 }));
    this.writes.set(record.runId, next);
    void next
      .finally(() => {
        if (this.writes.get(record.runId) === next) this.writes.delete(record.runId);
      })
      .catch(() => undefined);
    return next;
  }

  /** Waits for every write asked so far. */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.writes.values()]);
  }

  /** A run's whole record, document included; a clear error when it is missing or damaged. */
  async get(runId: string): Promise<RunRecord> {
    const file = this.fileOf(runId);
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new Error(
        errnoOf(e) === 'ENOENT'
          ? `No run ${runId} in ${this.dir}: its record ${file} is gone (deleted or moved).`
          : `The record of run ${runId} (${file}) cannot be read: ${(e as Error).message}.`,
        { cause: e },
      );
    }
    const parsed = parseRecordText(text);
    if (!parsed.ok)
      throw new Error(`The record of run ${runId} (${file}) is damaged: ${parsed.problem}.`);
    if (parsed.record.runId !== runId)
      throw new Error(`${file} is the record of run ${parsed.record.runId}, not ${runId}.`);
    return parsed.record;
  }

  /** The runs of one project, oldest first. */
  async list(project: RunProject): Promise<RunSummary[]> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') return [];
      throw e;
    }
    const out: RunSummary[] = [];
    for (const name of names) {
      if (!isRunId(name)) continue;
      const summary = await this.summaryOf(name);
      if (summary && belongsTo(summary.project, project)) out.push(summary);
    }
    return out.sort(
      (a, b) => a.startedAt.localeCompare(b.startedAt) || a.runId.localeCompare(b.runId),
    );
  }

  private async summaryOf(runId: string): Promise<RunSummary | undefined> {
    const file = nodePath.join(this.dir, runId, RUN_RECORD_FILE);
    let stamp: string;
    try {
      const st = await fs.stat(file);
      if (!st.isFile()) return undefined;
      stamp = `${st.size}:${st.mtimeMs}`;
    } catch {
      return undefined; // a run folder without a record (a CLI run, or one from before run history)
    }
    const cached = this.cache.get(runId);
    if (cached?.stamp === stamp) return cached.summary;
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (e) {
      this.warn(`${file} cannot be read (${errnoOf(e) ?? (e as Error).message}); run left out.`);
      return undefined;
    }
    const parsed = parseRecordText(text);
    if (!parsed.ok) {
      this.warn(`${file} is damaged (${parsed.problem}); run left out.`);
      return undefined;
    }
    if (parsed.record.runId !== runId) {
      this.warn(`${file} is the record of run ${parsed.record.runId}, not ${runId}; run left out.`);
      return undefined;
    }
    const summary = summarizeRun(parsed.record);
    this.cache.set(runId, { stamp, summary });
    return summary;
  }
}
