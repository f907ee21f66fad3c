import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashFile, RecoveryJournal } from './recovery-journal';
import { parseJournalEntry, serializeJournalEntry } from './journal-entry';

const tmp = () => mkdtempSync(nodePath.join(tmpdir(), 'tessera-recovery-'));
const doc = (name: string, extra: Record<string, unknown> = {}) => ({
  format: 'tessera',
  formatVersion: 1,
  name,
  nodes: {},
  edges: {},
  ...extra,
});
/** A journal that writes at once (the throttle has its own tests), collecting warnings. */
const journalIn = (dir: string, o: { maxEntryBytes?: number } = {}) => {
  const warnings: string[] = [];
  const journal = new RecoveryJournal({ dir, delayMs: 0, warn: (m) => warnings.push(m), ...o });
  return { journal, warnings };
};

describe('RecoveryJournal', () => {
  it('round trip: what one run journals, the next run lists (document, path, times, unchanged file)', async () => {
    const root = tmp();
    const dir = nodePath.join(root, 'recovery');
    const project = nodePath.join(root, 'p.tessera.json');
    writeFileSync(project, JSON.stringify(doc('On disk')));
    const before = readFileSync(project, 'utf8');

    const first = journalIn(dir).journal;
    const t0 = Date.now();
    first.write({ id: 'doc-aaaaaaaa', path: project, document: doc('Edited 1') });
    first.write({ id: 'doc-aaaaaaaa', path: project, document: doc('Edited 2') });
    first.write({ id: 'untitled-bbbbbbbb', document: doc('Sketch') });
    await first.flush();
    // The run that wrote them does not offer its own live work back.
    expect(await first.list()).toEqual([]);

    const next = journalIn(dir).journal;
    const listed = await next.list();
    expect(listed.map((e) => [e.id, e.path, e.name, e.diskChanged])).toEqual(
      expect.arrayContaining([
        ['doc-aaaaaaaa', project, 'Edited 2', false],
        ['untitled-bbbbbbbb', undefined, 'Sketch', false],
      ]),
    );
    expect(listed).toHaveLength(2);
    const e = listed.find((x) => x.id === 'doc-aaaaaaaa')!;
    expect(e.document).toEqual(doc('Edited 2'));
    expect(Date.parse(e.savedAt)).toBeGreaterThanOrEqual(t0 - 5);
    expect(Date.parse(e.editingSince)).toBeLessThanOrEqual(Date.parse(e.savedAt));
    // The entry file holds the hash of the project file as it was; the project file is untouched.
    const raw = parseJournalEntry(readFileSync(nodePath.join(dir, 'doc-aaaaaaaa.json'), 'utf8'));
    expect('entry' in raw && raw.entry.baseHash).toBe(await hashFile(project));
    expect(readFileSync(project, 'utf8')).toBe(before);
    // Written atomically: no temp file left beside the entries.
    expect(readdirSync(dir).sort()).toEqual(['doc-aaaaaaaa.json', 'untitled-bbbbbbbb.json']);
  });

  it('notes when the project file changed on disk after the editing began', async () => {
    const root = tmp();
    const dir = nodePath.join(root, 'recovery');
    const project = nodePath.join(root, 'p.tessera.json');
    writeFileSync(project, JSON.stringify(doc('v1')));
    const a = journalIn(dir).journal;
    a.write({ id: 'doc-cccccccc', path: project, document: doc('mine') });
    await a.flush();
    writeFileSync(project, JSON.stringify(doc('saved by someone else')));
    const [entry] = await journalIn(dir).journal.list();
    expect(entry?.diskChanged).toBe(true);
  });

  it('discard removes the entry and drops a write still waiting', async () => {
    const dir = nodePath.join(tmp(), 'recovery');
    const slow = new RecoveryJournal({ dir, delayMs: 200, warn: () => undefined });
    slow.write({ id: 'doc-dddddddd', document: doc('a') });
    await slow.flush();
    slow.write({ id: 'doc-dddddddd', document: doc('b') }); // waiting 200 ms
    await slow.discard('doc-dddddddd');
    await new Promise((r) => setTimeout(r, 300));
    expect(readdirSync(dir)).toEqual([]);
    expect(await journalIn(dir).journal.list()).toEqual([]);
  });

  it('a restored entry keeps being written under its id, with its editing start and base hash', async () => {
    const root = tmp();
    const dir = nodePath.join(root, 'recovery');
    const project = nodePath.join(root, 'p.tessera.json');
    writeFileSync(project, 'v1');
    const a = journalIn(dir).journal;
    a.write({ id: 'doc-eeeeeeee', path: project, document: doc('first run') });
    await a.flush();
    const [before] = await journalIn(dir).journal.list();
    writeFileSync(project, 'v2 (changed elsewhere)');

    const b = journalIn(dir).journal;
    const [offered] = await b.list();
    expect(offered?.id).toBe('doc-eeeeeeee');
    b.write({ id: 'doc-eeeeeeee', path: project, document: doc('second run') });
    await b.flush();
    expect(await b.list()).toEqual([]); // adopted by this run: no longer offered here
    const [again] = await journalIn(dir).journal.list();
    expect(again?.name).toBe('second run');
    expect(again?.editingSince).toBe(before?.editingSince);
    expect(again?.diskChanged).toBe(true); // still measured against v1
  });

  it('refuses an entry over the size cap with a warning that names the file and the fix', async () => {
    const root = tmp();
    const dir = nodePath.join(root, 'recovery');
    const { journal, warnings } = journalIn(dir, { maxEntryBytes: 1000 });
    const project = nodePath.join(root, 'big.tessera.json');
    journal.write({
      id: 'doc-ffffffff',
      path: project,
      document: doc('big', { pad: 'x'.repeat(2000) }),
    });
    journal.write({ id: 'doc-gggggggg', document: doc('small') });
    await journal.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(project);
    expect(warnings[0]).toMatch(
      /is 2\.\d KiB, over the 1\.0 KiB limit\. Save it to keep your changes\./,
    );
    expect(readdirSync(dir)).toEqual(['doc-gggggggg.json']);
  });

  it('the default cap is 32 MiB', async () => {
    const { maxJournalEntryBytes } = await import('./recovery-journal');
    expect(maxJournalEntryBytes).toBe(32 * 1024 * 1024);
  });

  it('prunes entries older than 30 days and stale temp files at start, keeps recent ones', async () => {
    const dir = tmp();
    const day = 86_400_000;
    const entry = (id: string, ageDays: number) =>
      writeFileSync(
        nodePath.join(dir, `${id}.json`),
        serializeJournalEntry({
          format: 'tessera-recovery',
          version: 1,
          id,
          path: null,
          savedAt: new Date(Date.now() - ageDays * day).toISOString(),
          editingSince: new Date(Date.now() - ageDays * day).toISOString(),
          baseHash: null,
          document: doc(`${ageDays} days`),
        }),
      );
    entry('old-00000001', 31);
    entry('recent-00000002', 29);
    const staleTmp = nodePath.join(dir, 'recent-00000002.json.123.1.abc.tmp');
    writeFileSync(staleTmp, '{');
    utimesSync(
      staleTmp,
      new Date(Date.now() - 2 * 3_600_000),
      new Date(Date.now() - 2 * 3_600_000),
    );
    const freshTmp = nodePath.join(dir, 'recent-00000002.json.456.1.def.tmp');
    writeFileSync(freshTmp, '{'); // another shell may be writing it right now

    const { journal, warnings } = journalIn(dir);
    const listed = await journal.list();
    expect(listed.map((e) => e.name)).toEqual(['29 days']);
    expect(readdirSync(dir).sort()).toEqual(
      ['recent-00000002.json', 'recent-00000002.json.456.1.def.tmp'].sort(),
    );
    expect(warnings.join('\n')).toMatch(/old-00000001\.json: .* over 30 days old/);
    expect(statSync(freshTmp).size).toBe(1);
  });

  it('skips a damaged entry with a warning that names the file, and lists the rest', async () => {
    const dir = tmp();
    writeFileSync(nodePath.join(dir, 'broken-00000001.json'), '{"format":"tessera-recovery"');
    const ok = journalIn(dir).journal;
    ok.write({ id: 'fine-00000002', document: doc('fine') });
    await ok.flush();
    const { journal, warnings } = journalIn(dir);
    expect((await journal.list()).map((e) => e.name)).toEqual(['fine']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(nodePath.join(dir, 'broken-00000001.json'));
    expect(warnings[0]).toContain('Delete it if it is of no use');
    // The damaged file is the user's: it is not deleted.
    expect(readdirSync(dir)).toContain('broken-00000001.json');
  });

  it('lists the newest first', async () => {
    const dir = tmp();
    const a = journalIn(dir).journal;
    a.write({ id: 'older-00000001', document: doc('older') });
    await a.flush();
    await new Promise((r) => setTimeout(r, 15));
    a.write({ id: 'newer-00000002', document: doc('newer') });
    await a.flush();
    expect((await journalIn(dir).journal.list()).map((e) => e.name)).toEqual(['newer', 'older']);
  });
});
