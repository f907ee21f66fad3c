// The studio's training path (train:start -> engine adapter -> worker thread) writes each run
// into the configured runs folder, <runsDir>/<runId>, never into the process's working directory.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { recordFigure } from '../../../tests/reliability/figures';
import { smallVqVae } from '../../engine/testing/engine-fixtures';
import { repoRoot } from '../paths';
import { createAppHandlers } from './app-handlers';
import { createEngineAdapter } from './engine-adapter';

describe('engine adapter: runs started from the studio', () => {
  it('land in the configured runs folder, one folder per run id', async () => {
    const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-runs-'));
    const runsDir = nodePath.join(root, 'runs');
    const cwdRuns = nodePath.join(process.cwd(), 'runs');
    const cwdBefore = existsSync(cwdRuns) ? readdirSync(cwdRuns) : [];
    const events: TrainEvent[] = [];
    let finished: (e: TrainEvent) => void = () => undefined;
    const final = new Promise<TrainEvent>((r) => (finished = r));
    const app = createAppHandlers({
      engine: createEngineAdapter(),
      shell: 'web',
      appVersion: 't',
      templatesDir: nodePath.join(repoRoot(), 'templates'),
      projectsDir: root,
      runsDir,
      recentFile: nodePath.join(root, 'recent.json'),
      emit: (_channel, e) => {
        events.push(e);
        if (e.type === 'status' && ['finished', 'failed', 'stopped'].includes(e.state)) finished(e);
      },
    });
    const doc = smallVqVae({ steps: 2, batchSize: 2 });
    const { runId } = await app.handlers['train:start']({
      document: doc,
      backend: 'wasm',
    } as never);
    const last = await final;
    expect(last).toMatchObject({ type: 'status', state: 'finished' });
    const checkpoint = last.type === 'status' ? last.checkpoint : undefined;
    expect(checkpoint).toBe(nodePath.join(runsDir, runId, 'checkpoints', 'step-000002.json'));
    expect(existsSync(checkpoint!)).toBe(true);
    expect(readdirSync(nodePath.join(runsDir, runId, 'previews')).length).toBeGreaterThan(0);
    // Nothing of this run in the working directory's runs/ folder.
    const cwdAfter = existsSync(cwdRuns) ? readdirSync(cwdRuns) : [];
    const strays = cwdAfter.filter((f) => !cwdBefore.includes(f));
    const inRunsFolder =
      checkpoint === nodePath.join(runsDir, runId, 'checkpoints', 'step-000002.json') &&
      strays.length === 0;
    recordFigure({
      area: 'training-faults',
      label:
        'a run started from the studio (train:start) writes into the configured runs folder, nothing into the working directory',
      value: inRunsFolder ? 'yes' : 'no',
      target: 'yes',
      pass: inRunsFolder,
      source: 'main/server/handlers/studio-runs-folder.reliability.test.ts',
    });
    expect(strays).toEqual([]);
    expect(await app.handlers['train:checkpoints']({ runId })).toEqual([
      expect.objectContaining({ path: checkpoint, step: 2 }),
    ]);
  });
});
