import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { smallVqVae } from '../testing/engine-fixtures';
import { runTraining } from './run-training';
import { createStartPhases } from './start-phases';

describe('createStartPhases', () => {
  it('emits each phase with the time since Start and logs the sum once the first step is done', () => {
    const events: TrainEvent[] = [];
    let now = 1_000;
    const phases = createStartPhases(
      'r',
      (e) => events.push(e),
      0,
      () => now,
    );
    phases.enter('backend', 'selecting backend (wasm)');
    now = 1_300;
    phases.enter('preflight', 'kernel preflight (0 of 4 node types)', { done: 0, total: 4 });
    now = 1_500;
    phases.enter('preflight', 'kernel preflight (4 of 4 node types)', { done: 4, total: 4 });
    now = 2_000;
    phases.enter('first-step', 'compiling first step');
    now = 4_250;
    phases.firstStepDone();
    phases.firstStepDone();
    expect(events.slice(0, 4)).toEqual([
      {
        type: 'phase',
        runId: 'r',
        phase: 'backend',
        label: 'selecting backend (wasm)',
        elapsedMs: 1_000,
      },
      {
        type: 'phase',
        runId: 'r',
        phase: 'preflight',
        label: 'kernel preflight (0 of 4 node types)',
        elapsedMs: 1_300,
        done: 0,
        total: 4,
      },
      {
        type: 'phase',
        runId: 'r',
        phase: 'preflight',
        label: 'kernel preflight (4 of 4 node types)',
        elapsedMs: 1_500,
        done: 4,
        total: 4,
      },
      {
        type: 'phase',
        runId: 'r',
        phase: 'first-step',
        label: 'compiling first step',
        elapsedMs: 2_000,
      },
    ]);
    // A count within a phase does not start a new one: thread 1.0, backend 0.3, preflight 0.7, step 2.25.
    expect(phases.durations(4_250)).toEqual([
      { phase: 'thread', ms: 1_000 },
      { phase: 'backend', ms: 300 },
      { phase: 'preflight', ms: 700 },
      { phase: 'first-step', ms: 2_250 },
    ]);
    expect(events.slice(4)).toEqual([
      {
        type: 'log',
        runId: 'r',
        level: 'info',
        message:
          'First step done 4.3 s after Start: training thread 1.0 s, backend 0.3 s, kernel preflight 0.7 s, first step 2.3 s.',
      },
    ]);
  });
});

describe('runTraining start phases', () => {
  it('reports backend, graph, build, preflight and first step, in order, before the first progress', async () => {
    const events: TrainEvent[] = [];
    const startedAt = Date.now() - 1_500; // as if the worker took 1.5 s to start
    const status = await runTraining(
      'phases',
      {
        document: smallVqVae({ steps: 2, batchSize: 4 }),
        backend: 'wasm',
        startedAt,
        outDir: mkdtempSync(path.join(tmpdir(), 'phases-')),
      },
      (e) => events.push(e),
    );
    expect(status.state).toBe('finished');
    const firstProgress = events.findIndex((e) => e.type === 'progress');
    const phases = events.flatMap((e, i) => (e.type === 'phase' ? [{ ...e, i }] : []));
    expect(phases.every((p) => p.i < firstProgress)).toBe(true);
    const order = phases.map((p) => p.phase).filter((p, i, a) => a[i - 1] !== p);
    expect(order).toEqual(['backend', 'graph', 'build', 'preflight', 'first-step']);
    expect(phases[0]!.label).toBe('selecting backend (wasm)');
    expect(phases.find((p) => p.phase === 'graph')!.label).toMatch(
      /^checking the graph \(\d+ nodes\)$/,
    );
    expect(phases.find((p) => p.phase === 'build')!.label).toMatch(
      /^building model \(\d+ layers\)$/,
    );
    // The preflight counts node types up as their layers run: 0 of n at the start, more later.
    const preflight = phases.filter((p) => p.phase === 'preflight');
    const total = preflight[0]!.total!;
    expect(total).toBeGreaterThanOrEqual(4);
    expect(preflight[0]).toMatchObject({
      done: 0,
      label: `kernel preflight (0 of ${total} node types)`,
    });
    expect(Math.max(...preflight.map((p) => p.done!))).toBeGreaterThanOrEqual(total - 2);
    expect(preflight.every((p) => p.total === total && p.done! <= total)).toBe(true);
    // Elapsed time counts from Start (the thread's 1.5 s included) and never goes back.
    expect(phases[0]!.elapsedMs).toBeGreaterThanOrEqual(1_500);
    const elapsed = phases.map((p) => p.elapsedMs);
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b));
    const summary = events.find((e) => e.type === 'log' && e.message.startsWith('First step'));
    expect(summary && summary.type === 'log' && summary.message).toMatch(
      /^First step done \d+\.\d s after Start: training thread 1\.\d s, backend \d+\.\d s, graph check \d+\.\d s, model build \d+\.\d s, kernel preflight \d+\.\d s, first step \d+\.\d s\.$/,
    );
  });
});
