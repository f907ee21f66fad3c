// `npm run bench:first-step [-- NAME... --compare --no-spare --cold --limit S --json FILE --no-write]`
// (`-- --render docs/first-step.json` writes the page again from a kept measurement):
// for every template in templates/ (or the named ones), Start -> first step completed through
// the app's own path (startTraining: a worker thread running runTraining, as the studio's Train
// button), split into the phases the run reports, one template at a time; stops each run after
// its first step. Writes docs/first-step.md (a table with the load: `uptime`'s 1-minute average).
// As the studio: a spare worker loaded before each Start (spare-worker.ts). --no-spare: a new
// worker per run, as `tessera train`; --compare: both, one after the other, per template.
// --cold: a fresh cache folder (XDG_CACHE_HOME) for the runs, as on a machine's first run
// (the Fréchet classifiers train again, the KJV text is read again).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { TesseraDocument } from '../core/document/document.types';
import type { StartPhaseName, TrainEvent } from '../core/ipc/training-messages';
import { firstStepTiming, type FirstStepTiming } from '../main/engine/run/first-step-timing';
import { dropSpareTrainingWorker } from '../main/engine/run/spare-worker';
import { prewarmTrainingWorker, startTraining } from '../main/engine/run/start-training';

const TARGET_MS = 5_000;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Args {
  names: string[];
  cold: boolean;
  spare: boolean;
  compare: boolean;
  limitS: number;
  json?: string;
  /** Write the page from a --json file instead of measuring. */
  render?: string;
  write: boolean;
}

const parseArgs = (argv: string[]): Args => {
  const a: Args = {
    names: [],
    cold: false,
    spare: true,
    compare: false,
    limitS: 300,
    write: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i] as string;
    if (v === '--cold') a.cold = true;
    else if (v === '--no-spare') a.spare = false;
    else if (v === '--compare') a.compare = true;
    else if (v === '--no-write') a.write = false;
    else if (v === '--limit') a.limitS = Number(argv[++i]);
    else if (v === '--json') a.json = argv[++i];
    else if (v === '--render') a.render = argv[++i];
    else if (v.startsWith('--')) throw new Error(`first-step-times: unknown option ${v}`);
    else a.names.push(v.replace(/\.json$/, ''));
  }
  if (!(a.limitS > 0)) throw new Error('first-step-times: --limit takes seconds > 0');
  return a;
};

interface Row extends FirstStepTiming {
  template: string;
  backend: string;
  load1: number;
  /** Why there is no total: the run failed or ran past the limit. */
  problem?: string;
  /** With --compare: the same template with a new worker for its run (as the CLI). */
  noSpare?: FirstStepTiming & { problem?: string };
}

const uptime = (): string => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(', ')}`;
  }
};

/** One template: Start, wait for the first step's progress, stop, wait for the run to end. */
const measure = async (name: string, limitS: number, spare: boolean): Promise<Row> => {
  if (spare) {
    if (!(await prewarmTrainingWorker()))
      throw new Error('first-step-times: the spare training worker failed to load');
  } else await dropSpareTrainingWorker();
  const document = JSON.parse(
    readFileSync(path.join(root, 'templates', `${name}.json`), 'utf8'),
  ) as TesseraDocument;
  const outDir = mkdtempSync(path.join(os.tmpdir(), `first-step-${name}-`));
  const load1 = os.loadavg()[0] ?? NaN;
  const events: { event: TrainEvent; atMs: number }[] = [];
  const t0 = Date.now();
  let stopped = false;
  const run = startTraining({ document, outDir }, (event) => {
    events.push({ event, atMs: Date.now() - t0 });
    if (event.type === 'progress' && !stopped) {
      stopped = true;
      run.stop();
    }
  });
  const timer = setTimeout(() => {
    stopped = true;
    run.stop();
  }, limitS * 1000);
  const status = await run.done;
  clearTimeout(timer);
  rmSync(outDir, { recursive: true, force: true });
  const timing = firstStepTiming(events);
  const problem =
    timing.totalMs !== undefined
      ? undefined
      : status.state === 'failed'
        ? `failed: ${status.message ?? ''}`
        : `no step within ${limitS} s`;
  return {
    template: name,
    backend: status.backend?.name ?? '?',
    load1,
    ...timing,
    ...(problem ? { problem } : {}),
  };
};

const ms = (v: number | undefined): string => (v === undefined ? '—' : v.toLocaleString('en-US'));
const phase = (r: Row, p: StartPhaseName): string => ms(r.phases[p]);

const totalText = (t: { totalMs?: number; problem?: string }): string =>
  t.totalMs !== undefined ? ms(t.totalMs) : (t.problem ?? '—');
const withinText = (t: { totalMs?: number }): string =>
  t.totalMs !== undefined && t.totalMs <= TARGET_MS ? 'yes' : 'no';

const renderPage = (m: Measured): string => {
  const { rows, flags } = m;
  const within = rows.filter((r) => r.totalMs !== undefined && r.totalMs <= TARGET_MS).length;
  const cpus = os.cpus();
  const options = [
    ...(flags.compare ? ['--compare'] : []),
    ...(flags.spare ? [] : ['--no-spare']),
    ...(flags.cold ? ['--cold'] : []),
  ];
  const command = `npm run bench:first-step${options.length > 0 ? ` -- ${options.join(' ')}` : ''}`;
  const compare = rows.some((r) => r.noSpare);
  const lines = [
    '# Time to first step',
    '',
    `Generated by \`${command}\` (scripts/first-step-times.ts) on ${m.date}: for each template, Start -> first step completed through the app's own path (startTraining: a worker thread running runTraining, as the Train button does), default backend, the template's own batch size, one template at a time; ${m.wallS.toFixed(0)} s in all.`,
    '',
    flags.spare
      ? 'As the studio runs it: a spare training worker is loaded and warmed up before Start (the studio starts one when a page opens and another after each run, main/engine/run/spare-worker.ts; the warm-up, warm-up.ts, runs a batch-2 conv autoencoder once: backend, MNIST, compiler, preflight, a step), so the thread phase is handing it the run, and the backend, graph and MNIST loading are past their first, slow calls. A Start pressed while the spare is still loading waits for it to load (the start-phases journey clicks at once: NADE took 7.6 s there at load 3.7).'
      : 'With a new worker thread per run, as `tessera train` runs it: the thread phase is loading tfjs and the engine.',
    ...(compare
      ? [
          '',
          'The last columns: the same template again with a new worker thread for the run (no spare), as `tessera train` runs it.',
        ]
      : []),
    '',
    flags.cold
      ? 'Cold: a fresh cache folder (the Fréchet feature classifiers train, the KJV text is read again), as on a machine’s first run.'
      : 'Caches as they were on this machine: a Fréchet feature classifier trained by an earlier run is loaded from disk (<cache>/tessera/feature-classifier); on a machine’s first GAN run it trains in the build phase (800 steps, 6-7 s at load 3).',
    '',
    `Machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}. Load (\`uptime\`) before: \`${m.before}\`; after: \`${m.after}\`. The load column is the 1-minute average when the template started: above ${cpus.length} the run shared its cores with other work and took longer than on a quiet machine.`,
    '',
    `**${within} of ${rows.length} templates completed their first step within 5 s of Start.**${compare ? ` Without a spare: ${rows.filter((r) => r.noSpare?.totalMs !== undefined && r.noSpare.totalMs <= TARGET_MS).length} of ${rows.length}.` : ''}`,
    '',
    'Before the start phases and these fixes (commit 7406849), NADE took 294 s from Start to its first step at load 4-8: 280 s of it in the kernel preflight, whose check of the sampler preview ran the model for each of 785 pixels under the profiler; the DCGAN and both WGANs trained the Fréchet feature classifier in every run’s build (16-46 s at load 5-8); a new worker took 1.5-2.8 s to load. Nothing was shown meanwhile but “Selecting a backend”.',
    '',
    `| template | backend | thread ms | backend ms | graph ms | build ms | preflight ms | first step ms | total ms | within 5 s | load |${compare ? ' no spare: thread ms | no spare: total ms | no spare: within 5 s |' : ''}`,
    `| --- | --- | --: | --: | --: | --: | --: | --: | --: | --- | --: |${compare ? ' --: | --: | --- |' : ''}`,
    ...rows.map(
      (r) =>
        `| ${r.template} | ${r.backend} | ${phase(r, 'thread')} | ${phase(r, 'backend')} | ${phase(r, 'graph')} | ${phase(r, 'build')} | ${phase(r, 'preflight')} | ${phase(r, 'first-step')} | ${totalText(r)} | ${withinText(r)} | ${r.load1.toFixed(1)} |${r.noSpare ? ` ${ms(r.noSpare.phases.thread)} | ${totalText(r.noSpare)} | ${withinText(r.noSpare)} |` : compare ? ' — | — | — |' : ''}`,
    ),
    '',
    'Phases (the events the training panel shows while it waits, main/engine/run/start-phases.ts):',
    '',
    '- **thread**: Start to the worker thread running the run (a new one loads tfjs and the engine under tsx first).',
    '- **backend**: selecting and initialising the backend (wasm: the module and Tessera’s kernels).',
    '- **graph**: compiling the document again in the worker (shape, cost and memory passes).',
    '- **build**: building the layers: datasets loaded (once per thread), a Fréchet metric’s feature classifier loaded or trained.',
    '- **preflight**: the kernel check (main/engine/preflight): each objective’s forward and gradient and each preview on a batch of 2, every kernel attributed to its node; a sampler’s repeated model calls are answered from the first (repeated-calls.ts).',
    '- **first step**: the first training step at the template’s batch size (wasm memory and operators set up as it runs), to its progress event.',
    '',
  ];
  return lines.join('\n');
};

/** What a measurement keeps (--json), enough to write the page again (--render). */
interface Measured {
  date: string;
  before: string;
  after: string;
  wallS: number;
  flags: { cold: boolean; spare: boolean; compare: boolean };
  rows: Row[];
}

const measureAll = async (args: Args): Promise<Measured> => {
  const names =
    args.names.length > 0
      ? args.names
      : readdirSync(path.join(root, 'templates'))
          .filter((f) => f.endsWith('.json'))
          .map((f) => f.replace(/\.json$/, ''))
          .sort();
  if (args.cold)
    process.env.XDG_CACHE_HOME = mkdtempSync(path.join(os.tmpdir(), 'first-step-cache-'));
  const date = new Date().toISOString().slice(0, 10);
  const before = uptime();
  const t0 = Date.now();
  const rows: Row[] = [];
  for (const name of names) {
    const row = await measure(name, args.limitS, args.spare);
    if (args.compare) {
      const {
        template: _t,
        backend: _b,
        load1: _l,
        ...other
      } = await measure(name, args.limitS, false);
      row.noSpare = other;
    }
    rows.push(row);
    const parts = Object.entries(row.phases).map(([p, v]) => `${p} ${v}`);
    console.log(
      `${name}: ${row.totalMs !== undefined ? `${row.totalMs} ms` : row.problem} (${parts.join(', ')}; load ${row.load1.toFixed(1)})${row.noSpare ? `; no spare: ${row.noSpare.totalMs ?? row.noSpare.problem} ms (thread ${row.noSpare.phases.thread})` : ''}`,
    );
  }
  await dropSpareTrainingWorker();
  const flags = { cold: args.cold, spare: args.spare, compare: args.compare };
  return { date, before, after: uptime(), wallS: (Date.now() - t0) / 1000, flags, rows };
};

const args = parseArgs(process.argv.slice(2));
const measured: Measured = args.render
  ? (JSON.parse(readFileSync(args.render, 'utf8')) as Measured)
  : await measureAll(args);
if (args.json) writeFileSync(args.json, JSON.stringify(measured, null, 2));
if (args.write) {
  const page = path.join(root, 'docs', 'first-step.md');
  const markdown = renderPage(measured);
  writeFileSync(page, await format(markdown, { ...(await resolveConfig(page)), filepath: page }));
  console.log(
    `first-step-times: ${measured.rows.length} templates -> ${path.relative(root, page)}`,
  );
}
