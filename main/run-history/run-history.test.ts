// The run history through the shells' handlers (the fake engine: no tfjs): train:start records
// each run, runs:list answers a project's history (also after a restart), runs:get the document,
// runs:checkResume refuses a checkpoint the run does not list or one the engine finds unfit.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { TrainEvent } from '../../core/ipc/training-messages';
import { graphDoc, node } from '../../core/graph/testing/doc-builder';
import { createAppHandlers } from '../server/handlers/app-handlers';
import type { EnginePort } from '../server/handlers/engine-port';
import { fakeEngine } from '../server/handlers/fake-engine';
import { repoRoot } from '../server/paths';

const shell = (root: string, engine: EnginePort = fakeEngine()) => {
  const finals: TrainEvent[] = [];
  const waiters: (() => void)[] = [];
  const app = createAppHandlers({
    engine,
    shell: 'web',
    appVersion: 't',
    templatesDir: nodePath.join(repoRoot(), 'templates'),
    projectsDir: root,
    runsDir: nodePath.join(root, 'runs'),
    recentFile: nodePath.join(root, 'recent.json'),
    trustFile: nodePath.join(root, 'trust.json'),
    emit: (_c, e) => {
      if (e.type === 'status' && ['finished', 'stopped', 'failed'].includes(e.state)) {
        finals.push(e);
        waiters.shift()?.();
      }
    },
  });
  const train = async (document: object, more: Record<string, unknown> = {}) => {
    const ended = new Promise<void>((r) => waiters.push(r));
    const { runId } = await app.handlers['train:start']({ document, ...more } as never);
    await ended;
    await app.stopAll(); // flushes the record writes
    return runId;
  };
  return { app, train, finals };
};

const doc = (lr: number) =>
  graphDoc([node('adam', 'optimize/optimizer', { lr }, { label: 'Adam' })], [], { name: 'ae' });

describe('run history through the app handlers', () => {
  it('records every run of a project and lists them after a restart', async () => {
    const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-history-'));
    const path = nodePath.join(root, 'ae.tessera.json');
    const s = shell(root);
    const first = await s.train(doc(0.001), { steps: 3, projectPath: path });
    const second = await s.train(doc(0.01), { steps: 4, projectPath: path });
    await s.train(doc(0.01), { steps: 2 }); // untitled: another history

    const s2 = shell(root); // a restart: a new shell over the same folders
    const runs = await s2.app.handlers['runs:list']({ path, name: 'ae' });
    expect(runs.map((r) => r.runId)).toEqual([first, second]);
    expect(runs[0]).toMatchObject({
      state: 'finished',
      step: 3,
      project: { path, name: 'ae' },
      config: { steps: 3, totalSteps: 3, backend: 'auto' },
      backendUsed: 'fake',
      finalLosses: { loss: 1 / 3 },
      checkpoints: [{ path: `/tmp/${first}/checkpoint.json`, step: 3 }],
    });
    expect(runs[0]!.losses.loss).toEqual({ steps: [1, 2, 3], values: [1, 1 / 2, 1 / 3] });
    expect(runs[1]!.losses.loss!.steps).toEqual([1, 2, 3, 4]);
    // Different graphs, different hashes; the same graph renamed or moved, the same hash.
    expect(runs[0]!.graphHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(runs[1]!.graphHash).not.toBe(runs[0]!.graphHash);
    const untitled = await s2.app.handlers['runs:list']({ name: 'ae' });
    expect(untitled).toHaveLength(1);
    expect(untitled[0]!.graphHash).toBe(runs[1]!.graphHash);

    const rec = await s2.app.handlers['runs:get']({ runId: first });
    expect((rec.document as ReturnType<typeof doc>).nodes.adam!.params.lr).toBe(0.001);
    const onDisk = JSON.parse(
      readFileSync(nodePath.join(root, 'runs', first, 'run.json'), 'utf8'),
    ) as {
      format: string;
    };
    expect(onDisk.format).toBe('tessera.run');
  });

  it('marks a run that was going when its shell went away as interrupted', async () => {
    const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-history-'));
    const engine = fakeEngine();
    // A run that never ends: its record says running.
    const stuck: EnginePort = {
      ...engine,
      startTraining: (req, onEvent) => {
        onEvent({ type: 'status', runId: 'run-stuck', state: 'running' });
        return {
          runId: 'run-stuck',
          pause() {},
          resume() {},
          stop() {},
          done: new Promise(() => undefined),
        };
      },
    };
    const s = shell(root, stuck);
    await s.app.handlers['train:start']({ document: doc(1), projectPath: '/p/x.json' } as never);
    await new Promise((r) => setTimeout(r, 50));
    expect((await s.app.handlers['runs:list']({ path: '/p/x.json', name: 'ae' }))[0]!.state).toBe(
      'running',
    );
    const restarted = shell(root);
    expect(
      (await restarted.app.handlers['runs:list']({ path: '/p/x.json', name: 'ae' }))[0]!.state,
    ).toBe('interrupted');
  });

  it('checks a resume: only the run’s own checkpoints, then the engine’s check', async () => {
    const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-history-'));
    const asked: string[] = [];
    const engine: EnginePort = {
      ...fakeEngine(),
      checkResume: async (checkpoint) => {
        asked.push(checkpoint);
        return { ok: false, message: `Cannot resume from ${checkpoint}: node 'Adam' differs.` };
      },
    };
    const s = shell(root, engine);
    const runId = await s.train(doc(0.001), { steps: 2, projectPath: '/p/ae.json' });
    const ckpt = `/tmp/${runId}/checkpoint.json`;
    expect(
      await s.app.handlers['runs:checkResume']({
        runId,
        checkpoint: '/etc/passwd',
        document: doc(1),
      }),
    ).toEqual({
      ok: false,
      message: `Cannot resume from /etc/passwd: it is not a checkpoint of run ${runId}. Pick one the run lists.`,
    });
    expect(asked).toEqual([]);
    expect(
      await s.app.handlers['runs:checkResume']({ runId, checkpoint: ckpt, document: doc(1) }),
    ).toEqual({
      ok: false,
      message: `Cannot resume from ${ckpt}: node 'Adam' differs.`,
    });
    expect(asked).toEqual([ckpt]);
    // A resumed run records where it came from.
    const resumed = await s.train(doc(0.001), {
      steps: 2,
      projectPath: '/p/ae.json',
      resumeFrom: ckpt,
    });
    const rec = await s.app.handlers['runs:get']({ runId: resumed });
    expect(rec.config.resumedFrom).toBe(ckpt);
  });
});
