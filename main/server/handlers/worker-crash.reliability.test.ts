// A crash or out-of-memory in the training worker leaves the app running: through the studio's
// own path (train:start -> engine adapter -> worker thread), a fault is injected into the worker
// (worker-fault.ts: an exception in the run, a real allocation failure, an exception escaping
// the run, the thread exiting); the run ends with one status event the training panel shows
// ("The training worker stopped: <reason>. Your graph is unchanged; ..."), the handlers keep
// answering, and the next Start trains to the end.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { recordFigure } from '../../../tests/reliability/figures';
import {
  INJECTED_EXIT_CODE,
  WORKER_FAULT_VAR,
  type WorkerFaultKind,
} from '../../engine/run/worker-fault';
import { smallVqVae } from '../../engine/testing/engine-fixtures';
import { repoRoot } from '../paths';
import { createAppHandlers } from './app-handlers';
import { createEngineAdapter } from './engine-adapter';

const source = 'main/server/handlers/worker-crash.reliability.test.ts';
const root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-worker-crash-'));
const runsDir = nodePath.join(root, 'runs');
const finals = new Map<string, (e: TrainEvent) => void>();
const events: TrainEvent[] = [];
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
    if (e.type === 'status' && ['finished', 'failed', 'stopped'].includes(e.state))
      finals.get(e.runId)?.(e);
  },
});

const document = (() => {
  const doc = smallVqVae({ steps: 4, batchSize: 2 });
  doc.training.checkpointEvery = 1;
  doc.previews = {};
  return doc;
})();
const documentText = JSON.stringify(document);

/** Starts a run as the studio does and waits for its final status event. */
const train = async (fault?: string): Promise<{ runId: string; final: TrainEvent }> => {
  if (fault) process.env[WORKER_FAULT_VAR] = fault;
  let runId: string;
  try {
    // The worker copies the environment when it is created, inside train:start.
    ({ runId } = await app.handlers['train:start']({ document, backend: 'wasm' } as never));
  } finally {
    delete process.env[WORKER_FAULT_VAR];
  }
  const final = await new Promise<TrainEvent>((resolve) => {
    const seen = events.find(
      (e) => e.runId === runId && e.type === 'status' && ['finished', 'failed'].includes(e.state),
    );
    if (seen) resolve(seen);
    else finals.set(runId, resolve);
  });
  return { runId, final };
};

/**
 * The checkpoint the message offers: the fault fires when the run reports step s (the first
 * report at or after step 2; reports are throttled), before that step's checkpoint is written,
 * so the last one is step s - 1 (or s, for a fault that lands while the run goes on).
 */
const ckpt = (runId: string, steps: number[]): string =>
  `${escape(nodePath.join(runsDir, runId, 'checkpoints'))}\\/step-00000[${steps.join('')}]\\.json`;
const escape = (s: string): string => s.replace(/[.\\/]/g, '\\$&');
const TAIL = 'Your graph is unchanged; ';

const expected: Record<WorkerFaultKind, (runId: string, s: number) => RegExp> = {
  throw: (id, s) =>
    new RegExp(
      `^The training worker stopped: Injected training-worker fault\\. ${TAIL}press Train to start again, or resume from the last checkpoint \\(${ckpt(id, [s - 1])}\\)\\.$`,
    ),
  'range-error': (id, s) =>
    new RegExp(
      `^The training worker stopped: it ran out of memory \\(RangeError: Array buffer allocation failed\\)\\. ${TAIL}lower the batch size or the layer widths, then press Train to start again, or resume from the last checkpoint \\(${ckpt(id, [s - 1])}\\)\\.$`,
    ),
  // The thread dies at once: reports it posted last may be lost with it, so any step's checkpoint.
  uncaught: (id) =>
    new RegExp(
      `^The training worker stopped: Injected uncaught training-worker fault\\. ${TAIL}press Train to start again, or resume from the last checkpoint \\(${ckpt(id, [1, 2, 3, 4])}\\)\\.$`,
    ),
  exit: (id, s) =>
    new RegExp(
      `^The training worker stopped: its thread exited with code ${INJECTED_EXIT_CODE}\\. ${TAIL}press Train to start again, or resume from the last checkpoint \\(${ckpt(id, [s - 1])}\\)\\.$`,
    ),
};

const recovered: string[] = [];

describe('a crash or out-of-memory in the training worker (studio path)', () => {
  afterAll(() => {
    const kinds = Object.keys(expected);
    const all = recovered.length === kinds.length;
    recordFigure({
      area: 'training-faults',
      label: `training-worker faults (${kinds.join(', ')}) after which the app kept running, showed "The training worker stopped: ..." and the next Start trained to the end`,
      value: `${recovered.length}/${kinds.length}`,
      target: `${kinds.length}/${kinds.length}`,
      pass: all,
      source,
    });
    recordFigure({
      area: 'training-faults',
      label: 'worker crash recovered',
      value: all ? 'yes' : 'no',
      target: 'yes',
      pass: all,
      source,
    });
    rmSync(root, { recursive: true, force: true });
  });

  it.each(Object.keys(expected) as WorkerFaultKind[])(
    '%s at step 2: one failed status the panel shows, the app still answers, the next Start finishes',
    async (kind) => {
      const { runId, final } = await train(`${kind}@2`);
      expect(final.type === 'status' && final.state).toBe('failed');
      const reported = events.flatMap((e) =>
        e.runId === runId && e.type === 'progress' ? [e.step] : [],
      );
      const s = Math.max(...reported);
      expect(s).toBeGreaterThanOrEqual(kind === 'uncaught' ? 1 : 2);
      expect(final.type === 'status' ? final.message : '').toMatch(expected[kind](runId, s));
      // The failure is the run's last event: nothing follows it.
      expect(events.filter((e) => e.runId === runId).at(-1)).toBe(final);
      // The app is up: it answers, and the document it was given is as it was.
      expect((await app.handlers['engine:info'](undefined as never)).shell).toBe('web');
      expect(JSON.stringify(document)).toBe(documentText);
      // A following Start works.
      const next = await train();
      expect(next.final).toMatchObject({ type: 'status', state: 'finished' });
      recovered.push(kind);
    },
    120_000,
  );
});
