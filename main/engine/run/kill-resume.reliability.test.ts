// kill -9 during training, then resume, gives the per-step losses of an uninterrupted run, for
// every template in templates/. Per template: an uninterrupted run of the same engine in this
// process (runTraining, every step reported) is the reference; then the CLI
// (`node main/cli/bin.mjs train templates/<t>.json ...`, its own overrides for steps, batch and
// checkpoint interval, no previews, a loss log) is SIGKILLed once it has logged step 3 (a
// checkpoint of step 2 is on disk by then), and a second CLI run resumes from the newest
// checkpoint the killed one left. Losses must be identical (the same float32 values), step by
// step: the killed run's up to where it died, the resumed run's from its checkpoint to the end.
// The references run first, one at a time in this thread; the CLI pairs then run two templates
// at a time (child processes: this thread only watches their output, so each kill lands at once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainEvent } from '../../../core/ipc/training-messages';
import { recordFigure } from '../../../tests/reliability/figures';
import { applyTrainOverrides, type TrainOverrides } from '../../cli/train-overrides';
import { loadTemplate } from '../testing/engine-fixtures';
import { readCheckpointForResume } from '../train/checkpoint-check';
import { runTraining } from './run-training';

const source = 'main/engine/run/kill-resume.reliability.test.ts';
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const templates = readdirSync(path.join(repo, 'templates'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

const STEPS = 8;
const KILL_AFTER_STEP = 3;
const overrides: Required<TrainOverrides> = { batch: 2, checkpointEvery: 2, noPreviews: true };
const flags = [
  '--steps',
  String(STEPS),
  '--batch',
  String(overrides.batch),
  '--checkpoint-every',
  String(overrides.checkpointEvery),
  '--no-previews',
  '--backend',
  'wasm',
  '--every',
  '1',
];

type Losses = Record<string, number>;

/** step -> losses, from a --loss-log file. */
const readLossLog = (file: string): Map<number, Losses> => {
  const out = new Map<number, Losses>();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as { step: number; losses: Losses };
      out.set(r.step, r.losses);
    } catch {
      // a line cut by the kill: not a step that was logged whole
    }
  }
  return out;
};

interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs the CLI; with killAt, SIGKILLs it as soon as it prints the loss line of that step. */
const cli = (args: string[], killAt?: number): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repo, 'main/cli/bin.mjs'), 'train', ...args], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let killed = false;
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (killAt !== undefined && !killed && new RegExp(`^step ${killAt}/`, 'm').test(output)) {
        killed = true;
        child.kill('SIGKILL');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, output }));
  });

/** The newest checkpoint in a run folder that reads whole. */
const newestCheckpoint = async (outDir: string): Promise<{ file: string; step: number }> => {
  const dir = path.join(outDir, 'checkpoints');
  const files = readdirSync(dir)
    .filter((f) => /^step-\d{6}\.json$/.test(f))
    .sort()
    .reverse();
  for (const f of files) {
    const r = await readCheckpointForResume(path.join(dir, f));
    if (r.ok) return { file: path.join(dir, f), step: r.checkpoint.manifest.step };
  }
  throw new Error(`no whole checkpoint in ${dir}`);
};

/** CLI pairs (killed, then resumed) run two templates at a time: this process only waits on them. */
const LANES = 2;

interface TemplateResult {
  name: string;
  reference: Map<number, Losses>;
  referenceStatus: string;
  killed?: CliRun;
  before?: Map<number, Losses>;
  checkpoint?: { file: string; step: number };
  resumed?: CliRun;
  after?: Map<number, Losses>;
  error?: string;
  seconds: number;
}

/** The uninterrupted reference: the same document, overrides and engine, every step reported. */
const referenceRun = async (name: string, dir: string): Promise<TemplateResult> => {
  const start = Date.now();
  const reference = new Map<number, Losses>();
  const status = await runTraining(
    `reference-${name}`,
    {
      document: applyTrainOverrides(loadTemplate(name), overrides),
      backend: 'wasm',
      steps: STEPS,
      outDir: path.join(dir, 'reference'),
      progressEvery: 1,
    },
    (e: TrainEvent) => {
      if (e.type === 'progress') reference.set(e.step, e.losses);
    },
  );
  return {
    name,
    reference,
    referenceStatus: `${status.state}${status.message ? `: ${status.message}` : ''}`,
    seconds: (Date.now() - start) / 1000,
  };
};

/** The CLI run SIGKILLed once step 3 is logged, then the CLI resuming from its newest checkpoint. */
const killAndResume = async (r: TemplateResult, dir: string): Promise<void> => {
  const start = Date.now();
  const file = path.join(repo, 'templates', `${r.name}.json`);
  try {
    const killedOut = path.join(dir, 'killed');
    const killedLog = path.join(dir, 'killed.jsonl');
    r.killed = await cli(
      [file, ...flags, '--out', killedOut, '--loss-log', killedLog],
      KILL_AFTER_STEP,
    );
    r.before = readLossLog(killedLog);
    if (r.killed.signal !== 'SIGKILL') return;
    r.checkpoint = await newestCheckpoint(killedOut);
    const resumedLog = path.join(dir, 'resumed.jsonl');
    r.resumed = await cli([
      file,
      ...flags,
      '--resume',
      r.checkpoint.file,
      '--out',
      path.join(dir, 'resumed'),
      '--loss-log',
      resumedLog,
    ]);
    r.after = readLossLog(resumedLog);
  } catch (e) {
    r.error = e instanceof Error ? e.message : String(e);
  } finally {
    r.seconds += (Date.now() - start) / 1000;
  }
};

const work = mkdtempSync(path.join(tmpdir(), 'tessera-kill-resume-'));
const results = new Map<string, TemplateResult>();
const identical: string[] = [];
let totalSeconds = 0;

describe('kill -9 during training, then resume (every template, CLI)', () => {
  beforeAll(async () => {
    const t0 = Date.now();
    // References first, one at a time (they run in this thread); then the CLI pairs.
    for (const name of templates)
      results.set(name, await referenceRun(name, path.join(work, name)));
    const queue = [...templates];
    await Promise.all(
      Array.from({ length: LANES }, async () => {
        for (let name = queue.shift(); name; name = queue.shift())
          await killAndResume(results.get(name)!, path.join(work, name));
      }),
    );
    totalSeconds = (Date.now() - t0) / 1000;
  }, 1_200_000);

  afterAll(() => {
    const slowest = [...results.values()]
      .sort((a, b) => b.seconds - a.seconds)
      .slice(0, 3)
      .map((r) => `${r.name} ${r.seconds.toFixed(0)}`)
      .join(', ');
    recordFigure({
      area: 'training-faults',
      label: `templates killed with SIGKILL mid-run and resumed with per-step losses identical to an uninterrupted run (${STEPS} steps, batch ${overrides.batch}, checkpoint every ${overrides.checkpointEvery})`,
      value: `${identical.length}/${templates.length}`,
      target: `${templates.length}/${templates.length}`,
      pass: identical.length === templates.length,
      source,
    });
    recordFigure({
      area: 'training-faults',
      label: `kill-resume wall time, all ${templates.length} templates (s; ${LANES} CLI pairs at a time; slowest templates, s: ${slowest})`,
      value: Math.round(totalSeconds),
      target: '<= 300',
      pass: totalSeconds <= 300,
      source,
    });
    rmSync(work, { recursive: true, force: true });
  });

  it.each(templates)(
    '%s: the killed run and the resumed one match the uninterrupted run step for step',
    (name) => {
      const r = results.get(name)!;
      expect(r.error).toBeUndefined();
      expect(r.referenceStatus).toMatch(/^finished/);
      expect([...r.reference.keys()]).toEqual(Array.from({ length: STEPS }, (_, i) => i + 1));
      expect(r.killed?.signal, r.killed?.output).toBe('SIGKILL');
      const before = r.before!;
      const lastLogged = Math.max(...before.keys());
      expect(lastLogged).toBeGreaterThanOrEqual(KILL_AFTER_STEP);
      expect(lastLogged).toBeLessThan(STEPS); // it died mid-run
      for (const [step, losses] of before)
        expect(losses, `step ${step}`).toEqual(r.reference.get(step));
      const ckpt = r.checkpoint!;
      expect(ckpt.step).toBeGreaterThanOrEqual(overrides.checkpointEvery);
      expect(r.resumed?.code, r.resumed?.output).toBe(0);
      expect(r.resumed?.output).toMatch(new RegExp(`Resumed from .* at step ${ckpt.step}\\.`));
      expect([...r.after!.keys()]).toEqual(
        Array.from({ length: STEPS - ckpt.step }, (_, i) => ckpt.step + i + 1),
      );
      for (const [step, losses] of r.after!)
        expect(losses, `step ${step}`).toEqual(r.reference.get(step));
      identical.push(name);
    },
  );
});
