// `npm run bench:attention` (`-- --quick`: 128..1024, 1 step each, ~1 min; `-- --json FILE`;
// `-- --doc`: write docs/attention-scaling.md; `-- --lengths=128,512`, `--batch=N`, `--steps=N`,
// `--max-step-ms=N`, `--kinds=softmax,flash`, `--no-torch`; `--render FILE`: rewrite the page from
// a saved --json run without measuring): one training step (forward + backward + Adam) of softmax,
// linear, GAU and FLASH blocks of the same width against sequence length on the wasm backend,
// with a PyTorch peer of the softmax block; prints the tables and the crossover lengths.
// Each kind runs in a child process of this script (`--worker KIND`), so an out-of-memory
// abort of the wasm heap ends only that kind.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import {
  ATTENTION_KINDS,
  DEFAULT_BLOCK,
  describeKind,
  type AttentionKind,
  type BlockConfig,
} from '../main/engine/bench/attention-blocks';
import {
  measureScaling,
  type ScalingLimits,
  type ScalingPoint,
} from '../main/engine/bench/attention-scaling';
import {
  cpuTable,
  crossover,
  memoryTable,
  renderScalingPage,
  skipNotes,
  timeTable,
  type ScalingRun,
  type TorchPeerResult,
} from '../main/engine/bench/attention-scaling-report';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ??
  (process.argv.includes(`--${name}`)
    ? process.argv[process.argv.indexOf(`--${name}`) + 1]
    : undefined);
const flag = (name: string): boolean => process.argv.includes(`--${name}`);

async function writePage(run: ScalingRun): Promise<void> {
  const page = path.join(root, 'docs', 'attention-scaling.md');
  const md = renderScalingPage(run);
  writeFileSync(page, await format(md, { ...(await resolveConfig(page)), filepath: page }));
  console.log(`wrote ${path.relative(root, page)}`);
}
const quick = flag('quick');
const POINT = 'SCALING_POINT ';

interface WorkerJob {
  kind: AttentionKind;
  cfg: BlockConfig;
  lengths: number[];
  limits: ScalingLimits;
}

/** Child mode: measure one kind on wasm, one line per length on stdout. */
const runWorker = async (job: WorkerJob): Promise<void> => {
  const { initBackend } = await import('../main/engine/backend/select-backend');
  const { tf } = await initBackend({ backend: 'wasm' });
  tf.env().set('PROD', true);
  await measureScaling(tf, job.kind, job.cfg, job.lengths, job.limits, (p) =>
    console.log(POINT + JSON.stringify(p)),
  );
};

const workerArg = arg('worker-job');
if (workerArg) {
  await runWorker(JSON.parse(workerArg) as WorkerJob);
  process.exit(0);
}

/** `--render FILE`: rewrites docs/attention-scaling.md from a saved `--json` run, measuring nothing. */
const renderArg = arg('render');
if (renderArg) {
  const saved = JSON.parse(readFileSync(renderArg, 'utf8')) as ScalingRun;
  await writePage({ ...saved, renderedFrom: `${path.basename(renderArg)} (--render)` });
  process.exit(0);
}

const lengths = (arg('lengths') ?? (quick ? '128,256,512,1024' : '128,256,512,1024,2048,4096'))
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const cfg: BlockConfig = { ...DEFAULT_BLOCK, batch: Number(arg('batch') ?? DEFAULT_BLOCK.batch) };
const limits: ScalingLimits = {
  maxStepMs: Number(arg('max-step-ms') ?? (quick ? 3000 : 20000)),
  steps: Number(arg('steps') ?? (quick ? 1 : 3)),
  budgetMs: quick ? 2000 : 6000,
};
const load = (): number[] => os.loadavg();
const t0 = performance.now();
const loadStart = load();
const cpu = `${os.cpus()[0]?.model.trim() ?? '?'} x${os.availableParallelism()}`;
console.log(
  `Attention scaling bench: node ${process.version}, wasm backend; CPU ${cpu}; load ${loadStart.map((l) => l.toFixed(1)).join(' ')}`,
);
console.log(
  `Block width ${cfg.width}, batch ${cfg.batch}, ${cfg.causal ? 'causal' : 'non-causal'}; lengths ${lengths.join(', ')}; at most ${limits.steps} steps, ${limits.maxStepMs} ms/step limit`,
);

/** Runs one kind in a child process; lengths it did not report (a crash) are marked skipped. */
const runKind = (kind: AttentionKind): ScalingPoint[] => {
  const job: WorkerJob = { kind, cfg, lengths, limits };
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(
    process.execPath,
    ['--import', './main/runtime/register.mjs', script, '--worker-job', JSON.stringify(job)],
    { cwd: root, encoding: 'utf8', timeout: quick ? 120_000 : 300_000, maxBuffer: 1 << 24 },
  );
  const points = (r.stdout ?? '')
    .split('\n')
    .filter((l) => l.startsWith(POINT))
    .map((l) => JSON.parse(l.slice(POINT.length)) as ScalingPoint);
  const why =
    r.error?.message ??
    (r.signal ? `killed by ${r.signal}` : r.status !== 0 ? `exit ${r.status}` : undefined);
  const tail = (r.stderr ?? '').trim().split('\n').slice(-1)[0]?.slice(0, 100) ?? '';
  for (const n of lengths)
    if (!points.some((p) => p.n === n))
      points.push({
        kind,
        n,
        skipped: `worker ended (${why ?? 'no output'}${tail ? `: ${tail}` : ''})`,
      });
  for (const p of points)
    console.log(
      `  ${kind.padEnd(8)} n=${String(p.n).padStart(4)}  ${p.ms !== undefined ? `${p.ms.toFixed(0)} ms/step, peak ${((p.peakBytes ?? 0) / 2 ** 20).toFixed(1)} MB, loss ${p.loss?.toFixed(3)}` : `skipped: ${p.skipped}`}`,
    );
  return points;
};

const runTorch = (): TorchPeerResult | { skipped: string } => {
  if (flag('no-torch')) return { skipped: '--no-torch' };
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return { skipped: 'no PyTorch in /usr/bin/python3' };
  const script = path.join(root, 'main/engine/bench/torch-attention-peer.py');
  const peerCfg = {
    lengths,
    width: cfg.width,
    heads: cfg.heads,
    batch: cfg.batch,
    causal: cfg.causal,
    threads: [1, 2],
    steps: limits.steps,
    max_step_ms: limits.maxStepMs,
    budget_ms: limits.budgetMs,
  };
  const r = spawnSync('/usr/bin/python3', [script, JSON.stringify(peerCfg)], {
    encoding: 'utf8',
    timeout: quick ? 60_000 : 240_000,
  });
  if (r.status !== 0)
    return { skipped: `PyTorch peer failed: ${(r.stderr || r.error?.message || '').slice(-200)}` };
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as TorchPeerResult;
};

const kinds = ATTENTION_KINDS.filter((k) =>
  (arg('kinds') ?? ATTENTION_KINDS.join(',')).split(',').includes(k),
);
const points = kinds.flatMap((k) => runKind(k));
console.log('  PyTorch peer (softmax block, 1 and 2 threads) ...');
const torch = runTorch();
const torchResult = 'points' in torch ? torch : undefined;
if ('skipped' in torch) console.log(`  PyTorch peer skipped: ${torch.skipped}`);

const durationS = (performance.now() - t0) / 1000;
const run: ScalingRun = {
  command: `npm run bench:attention --${quick ? ' --quick' : ''}${flag('doc') ? ' --doc' : ''}`,
  date: new Date().toISOString(),
  machine: `${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}`,
  loadStart,
  loadEnd: load(),
  durationS,
  runtime: `node ${process.version}, @tensorflow/tfjs-backend-wasm (Tessera's training kernels), 1 thread`,
  block: `y = x + Attention(LayerNorm(x)), width ${cfg.width}, batch ${cfg.batch}, ${cfg.causal ? 'causal' : 'non-causal'}, MSE loss, Adam lr 1e-3; the attention is the app's node layer`,
  kinds: kinds.map((k) => `${k}: ${describeKind(k, cfg)}`),
  points,
  torch,
};

console.log('\nWall ms per training step (xF: growth from the previous length)\n');
console.log(timeTable(points, torchResult));
console.log('\nCPU ms per training step (process user + system)\n');
console.log(cpuTable(points, torchResult));
console.log(
  '\nPeak tensor MB per step (tf.profile peakBytes above the bytes live before the step)\n',
);
console.log(memoryTable(points));
console.log('');
for (const k of ATTENTION_KINDS.filter((x) => x !== 'softmax'))
  console.log(`${crossover(points, k).text} (wall); ${crossover(points, k, 'cpuMs').text} (CPU)`);
for (const s of skipNotes(points)) console.log(`skipped: ${s}`);
console.log(
  `\nload average at the end ${run.loadEnd.map((l) => l.toFixed(1)).join(' ')}; bench took ${durationS.toFixed(0)} s`,
);

const jsonFile = arg('json');
if (jsonFile) {
  writeFileSync(jsonFile, JSON.stringify(run, null, 2) + '\n');
  console.log(`wrote ${jsonFile}`);
}
if (flag('doc')) await writePage(run);
