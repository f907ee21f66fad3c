import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { RunRecorder } from '../../core/run-history/run-recorder';
import type { RunProject } from '../../core/run-history/run-record';
import { RunStore } from './run-store';

const tmp = () => mkdtempSync(nodePath.join(tmpdir(), 'tessera-run-store-'));

const recordOf = (runId: string, project: RunProject, startedAt: string, loss = 0.5) => {
  const r = new RunRecorder({
    runId,
    project,
    startedAt,
    graphHash: 'sha256:00',
    document: { name: project.name, nodes: {} },
    config: { batchSize: 8, seed: 1, backend: 'auto' },
  });
  r.apply(
    {
      type: 'progress',
      runId,
      stageIndex: 0,
      stageName: 's',
      step: 1,
      totalSteps: 1,
      losses: { L: loss },
      metrics: {},
      examplesPerSecond: 1,
      etaSeconds: 0,
    },
    0,
    't',
  );
  r.apply({ type: 'status', runId, state: 'finished' }, 1, 't');
  return r.record();
};

describe('RunStore', () => {
  it('writes one run.json per run beside its checkpoints and lists a project’s runs oldest first', async () => {
    const dir = tmp();
    const store = new RunStore(dir);
    const a = { path: '/p/a.tessera.json', name: 'a' };
    await store.write(recordOf('run-2', a, '2025-01-02T00:00:00.000Z', 0.2));
    await store.write(recordOf('run-1', a, '2025-01-01T00:00:00.000Z', 0.1));
    await store.write(
      recordOf('run-3', { path: '/p/b.tessera.json', name: 'a' }, '2025-01-03T00:00:00.000Z'),
    );
    await store.write(recordOf('run-4', { name: 'a' }, '2025-01-04T00:00:00.000Z'));
    expect(readdirSync(nodePath.join(dir, 'run-1'))).toEqual(['run.json']);
    const listed = await store.list(a);
    expect(listed.map((r) => r.runId)).toEqual(['run-1', 'run-2']);
    expect(listed[0]).not.toHaveProperty('document');
    expect(listed[1]!.finalLosses).toEqual({ L: 0.2 });
    // An untitled project: runs without a file, by name.
    expect((await store.list({ name: 'a' })).map((r) => r.runId)).toEqual(['run-4']);
    // A fresh store (a restart) reads the same history; get returns the document too.
    const again = new RunStore(dir);
    expect((await again.list(a)).map((r) => r.runId)).toEqual(['run-1', 'run-2']);
    expect((await again.get('run-1')).document).toEqual({ name: 'a', nodes: {} });
  });

  it('sees a record rewritten on disk (no stale cache)', async () => {
    const dir = tmp();
    const store = new RunStore(dir);
    const a = { name: 'a' };
    await store.write(recordOf('run-1', a, '2025-01-01T00:00:00.000Z', 0.9));
    expect((await store.list(a))[0]!.finalLosses.L).toBe(0.9);
    await store.write(recordOf('run-1', a, '2025-01-01T00:00:00.000Z', 0.25));
    expect((await store.list(a))[0]!.finalLosses.L).toBe(0.25);
  });

  it('leaves damaged records out with a warning naming the file, and folders without one', async () => {
    const dir = tmp();
    const warnings: string[] = [];
    const store = new RunStore(dir, (m) => warnings.push(m));
    const a = { name: 'a' };
    await store.write(recordOf('run-ok', a, '2025-01-01T00:00:00.000Z'));
    mkdirSync(nodePath.join(dir, 'run-cut'));
    writeFileSync(nodePath.join(dir, 'run-cut', 'run.json'), '{"format":"tessera.run","ver');
    mkdirSync(nodePath.join(dir, 'run-cli', 'checkpoints'), { recursive: true });
    const copied = JSON.parse(
      readFileSync(nodePath.join(dir, 'run-ok', 'run.json'), 'utf8'),
    ) as object;
    mkdirSync(nodePath.join(dir, 'run-moved'));
    writeFileSync(nodePath.join(dir, 'run-moved', 'run.json'), JSON.stringify(copied));
    expect((await store.list(a)).map((r) => r.runId)).toEqual(['run-ok']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain(nodePath.join(dir, 'run-cut', 'run.json'));
    expect(warnings[0]).toContain('not valid JSON');
    expect(warnings[1]).toContain('is the record of run run-ok, not run-moved');
    await expect(store.get('run-cut')).rejects.toThrow(/run-cut.*is damaged: it is not valid JSON/);
    await expect(store.get('run-gone')).rejects.toThrow(/No run run-gone .* is gone/);
  });

  it('refuses run ids that are not folder names, and lists nothing when the folder is missing', async () => {
    const store = new RunStore(nodePath.join(tmp(), 'never-made'));
    expect(await store.list({ name: 'a' })).toEqual([]);
    await expect(store.get('../../etc')).rejects.toThrow(/is not a run id/);
    expect(() => store.fileOf('a/b')).toThrow(/is not a run id/);
  });
});
