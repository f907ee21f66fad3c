// The bench's models section, pure parts: its command-line options, one model's entry (Tessera vs
// the PyTorch peer at 1 and 2 threads: the best, the ratios, refused when the parameter counts
// differ), the --json document (issue 10 item 3's keys and more) and the printed lines.

/** Parameter counts by group (e.g. generator / critic), the same groups on both sides. */
export type ParamCounts = Record<string, number>;

/** The app's training step of one template, timed through the Trainer. */
export interface TesseraStep {
  batch: number;
  warmup: number;
  steps: number;
  /** Median wall ms per step after the warm-up. */
  ms: number;
  /** Data-parallel workers the step ran on (1: the app's default, the Trainer in-process). */
  workers: number;
  /** XNNPACK threads of each worker's wasm backend. */
  threads: number;
  params: ParamCounts;
}

/** One run of the PyTorch peer (torch-models-peer.py's JSON line). */
export interface PeerRun {
  torch: string;
  blas: string;
  parallel: string;
  threads: number;
  batch: number;
  /** Median wall ms and CPU ms (process time, all threads) per step. */
  ms: number;
  cpu_ms: number;
  params: ParamCounts;
}

export type PeerOutcome = PeerRun | { skipped: string };

export const peerRan = (p: PeerOutcome): p is PeerRun => !('skipped' in p);

export interface ModelEntry {
  /** Issue 10 item 3's keys: Tessera wall ms, PyTorch's best wall ms and at how many threads. */
  tessera_ms: number;
  pytorch_ms: number | null;
  pytorch_threads: number | null;
  pytorch_1thread_ms: number | null;
  /** tessera_ms / pytorch_ms; null when the peer did not run or the parameter counts differ. */
  ratio: number | null;
  ratio_1thread: number | null;
  params: { tessera: ParamCounts; pytorch: ParamCounts | null; match: boolean | null };
  batch: number;
  warmup: number;
  steps: number;
  tessera_workers: number;
  tessera_threads: number;
  /** PyTorch wall ms by thread count, for every run that finished. */
  pytorch_by_threads: Record<string, number>;
  /** Why there is no ratio (no PyTorch, the peer failed, the parameter counts differ). */
  note?: string;
}

export interface ModelsReport {
  models: Record<string, ModelEntry>;
  /** `os.loadavg()` (1, 5, 15 minutes) at the start and at the end of the section. */
  load: number[];
  load_end: number[];
  blas: string;
  torch: string | null;
  date: string;
}

const sameCounts = (a: ParamCounts, b: ParamCounts): boolean => {
  const ka = Object.keys(a).sort(),
    kb = Object.keys(b).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a[k] === b[k]);
};

export const countsText = (p: ParamCounts): string =>
  Object.entries(p)
    .map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`)
    .join(' + ');

/** One model's entry: PyTorch's best of the runs that finished, the ratios unless the counts differ. */
export function modelEntry(tessera: TesseraStep, peers: readonly PeerOutcome[]): ModelEntry {
  const ran = peers.filter(peerRan);
  const base = {
    tessera_ms: tessera.ms,
    batch: tessera.batch,
    warmup: tessera.warmup,
    steps: tessera.steps,
    tessera_workers: tessera.workers,
    tessera_threads: tessera.threads,
    pytorch_by_threads: Object.fromEntries(ran.map((p) => [String(p.threads), p.ms])),
  };
  if (ran.length === 0) {
    const why = peers.find((p): p is { skipped: string } => !peerRan(p))?.skipped ?? 'no peer';
    return {
      ...base,
      pytorch_ms: null,
      pytorch_threads: null,
      pytorch_1thread_ms: null,
      ratio: null,
      ratio_1thread: null,
      params: { tessera: tessera.params, pytorch: null, match: null },
      note: `skipped: ${why}`,
    };
  }
  const best = ran.reduce((a, b) => (b.ms < a.ms ? b : a));
  const one = ran.find((p) => p.threads === 1);
  const mismatch = ran.find((p) => !sameCounts(p.params, tessera.params));
  const pytorch = (mismatch ?? best).params;
  const entry: ModelEntry = {
    ...base,
    pytorch_ms: best.ms,
    pytorch_threads: best.threads,
    pytorch_1thread_ms: one?.ms ?? null,
    ratio: mismatch ? null : tessera.ms / best.ms,
    ratio_1thread: mismatch || !one ? null : tessera.ms / one.ms,
    params: { tessera: tessera.params, pytorch, match: !mismatch },
  };
  if (mismatch)
    entry.note = `no ratio: parameter counts differ (Tessera ${countsText(tessera.params)}; PyTorch ${countsText(mismatch.params)}); make the peer the same model`;
  return entry;
}

/** The --json document. */
export function modelsReport(
  models: Record<string, ModelEntry>,
  peers: readonly PeerOutcome[],
  load: number[],
  loadEnd: number[],
  date = new Date(),
): ModelsReport {
  const ran = peers.find(peerRan);
  return {
    models,
    load,
    load_end: loadEnd,
    blas: ran?.blas ?? 'skipped: no PyTorch peer ran',
    torch: ran?.torch ?? null,
    date: date.toISOString(),
  };
}

const f0 = (x: number | null): string => (x === null ? '-' : x.toFixed(0));
const f2 = (x: number | null): string => (x === null ? '-' : `${x.toFixed(2)}x`);

/** The printed lines of one model: Tessera, each peer run, the ratios or why there are none. */
export function modelLines(
  name: string,
  tessera: TesseraStep,
  peers: readonly PeerOutcome[],
  entry: ModelEntry,
): string[] {
  const workers = `${tessera.workers === 1 ? '1 worker' : `${tessera.workers} workers`}, ${tessera.threads === 1 ? '1 thread' : `${tessera.threads} threads`}`;
  const lines = [
    `   ${name}: Tessera wasm (${workers}): batch ${tessera.batch}, ${tessera.ms.toFixed(0)} ms/step; parameters ${countsText(tessera.params)}`,
  ];
  for (const p of peers)
    if (!peerRan(p)) lines.push(`     PyTorch peer: skipped: ${p.skipped}`);
    else
      lines.push(
        `     PyTorch ${p.torch}, ${p.threads} thread${p.threads > 1 ? 's' : ''}: ${p.ms.toFixed(0)} ms wall, ${p.cpu_ms.toFixed(0)} ms CPU per step; parameters ${countsText(p.params)} (${sameCounts(p.params, tessera.params) ? 'match' : 'DO NOT MATCH'})`,
      );
  if (entry.ratio !== null)
    lines.push(
      `     Tessera / PyTorch, wall: ${f2(entry.ratio)} vs its best of 1-2 threads (${entry.pytorch_threads}), ${f2(entry.ratio_1thread)} vs 1 thread (target <= 2.0x: ${entry.ratio <= 2 ? 'met' : 'not met'})`,
    );
  else lines.push(`     ${entry.note ?? 'no ratio'}`);
  return lines;
}

/** The closing table: one row per model. */
export function summaryLines(models: Record<string, ModelEntry>): string[] {
  const head = `   ${'model'.padEnd(17)} ${'batch'.padStart(5)} ${'Tessera ms'.padStart(10)} ${'PyTorch 1t'.padStart(10)} ${'PyTorch best'.padStart(12)} ${'ratio best'.padStart(10)} ${'ratio 1t'.padStart(8)}  target 2.0x`;
  const rows = Object.entries(models).map(([name, e]) => {
    const best = e.pytorch_ms === null ? '-' : `${f0(e.pytorch_ms)} (${e.pytorch_threads}t)`;
    const target = e.ratio === null ? '-' : e.ratio <= 2 ? 'met' : 'not met';
    return `   ${name.padEnd(17)} ${String(e.batch).padStart(5)} ${f0(e.tessera_ms).padStart(10)} ${f0(e.pytorch_1thread_ms).padStart(10)} ${best.padStart(12)} ${f2(e.ratio).padStart(10)} ${f2(e.ratio_1thread).padStart(8)}  ${target}`;
  });
  return [head, ...rows];
}

export const MODEL_NAMES = ['conv-autoencoder', 'dcgan', 'char-gpt', 'ddpm'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

export interface ModelsOptions {
  /** --models: this section alone (`--models=dcgan,char-gpt`: those models alone). */
  only: boolean;
  models: ModelName[];
  warmup: number;
  steps: number;
  /** --workers=N: Tessera's step on N data-parallel workers instead of the Trainer in-process. */
  workers: number;
  /** --threads=N: the wasm backend's XNNPACK threads (default: the app's, defaultWasmThreads()). */
  threads?: number;
  /** --json FILE or --json=FILE. */
  json?: string;
}

/** The models section's options from the bench's argv; throws a message naming the bad flag. */
export function parseModelsArgs(argv: readonly string[]): ModelsOptions {
  const value = (flag: string): string | undefined => {
    const eq = argv.find((a) => a.startsWith(`${flag}=`));
    if (eq) return eq.slice(flag.length + 1);
    const i = argv.indexOf(flag);
    const next = i >= 0 ? argv[i + 1] : undefined;
    return next !== undefined && !next.startsWith('--') ? next : undefined;
  };
  const quick = argv.includes('--quick');
  const positive = (flag: string, fallback: number): number => {
    const v = argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}=${v}: use a whole number >= 1.`);
    return n;
  };
  const list = argv.find((a) => a.startsWith('--models='))?.slice(9);
  const models = list === undefined ? [...MODEL_NAMES] : list.split(',').filter((m) => m !== '');
  const unknown = models.filter((m) => !(MODEL_NAMES as readonly string[]).includes(m));
  if (unknown.length > 0 || models.length === 0)
    throw new Error(
      `--models=${list ?? ''}: unknown model ${unknown.join(', ') || '(none given)'}; use any of ${MODEL_NAMES.join(', ')}.`,
    );
  if (argv.includes('--json') && value('--json') === undefined)
    throw new Error('--json needs a file: --json FILE or --json=FILE.');
  const json = value('--json');
  return {
    only: argv.includes('--models') || list !== undefined,
    models: models as ModelName[],
    warmup: quick ? 1 : 2,
    steps: positive('--steps', quick ? 2 : 5),
    workers: positive('--workers', 1),
    ...(argv.some((a) => a.startsWith('--threads=')) ? { threads: positive('--threads', 1) } : {}),
    ...(json !== undefined ? { json } : {}),
  };
}
