// Tables, crossover lengths and the generated page of the attention scaling benchmark (pure:
// takes measured points, returns text).
// n tokens
import { ATTENTION_KINDS, type AttentionKind } from './attention-blocks';
import type { ScalingPoint } from './attention-scaling';

/** PyTorch peer of the softmax block: median ms per step at n with `threads` threads. */
export interface TorchPoint {
  threads: number;
  n: number;
  ms?: number;
  /** Median process CPU ms per step (time.process_time). */
  cpuMs?: number;
  skipped?: string;
}

export interface TorchPeerResult {
  torch: string;
  blas: string;
  points: TorchPoint[];
}

export interface Crossover {
  kind: AttentionKind;
  /** Shortest length from which `kind` is faster than softmax at every longer measured length. */
  n?: number;
  text: string;
}

const point = (ps: readonly ScalingPoint[], kind: AttentionKind, n: number) =>
  ps.find((p) => p.kind === kind && p.n === n);

/**
 * Where `kind` becomes faster than softmax: the shortest n such that at n and every longer length
 * `kind` was measured, softmax was slower or could not run (skipped).
 */
export const crossover = (
  ps: readonly ScalingPoint[],
  kind: AttentionKind,
  metric: 'ms' | 'cpuMs' = 'ms',
): Crossover => {
  const lengths = [...new Set(ps.map((p) => p.n))].sort((a, b) => a - b);
  const faster = (n: number): boolean | undefined => {
    const k = point(ps, kind, n);
    const s = point(ps, 'softmax', n);
    const km = k?.[metric];
    const sm = s?.[metric];
    if (km === undefined) return undefined;
    if (sm === undefined) return s?.skipped !== undefined ? true : undefined;
    return km < sm;
  };
  let from: number | undefined;
  for (const n of lengths) {
    const f = faster(n);
    if (f === false) from = undefined;
    else if (f === true) from ??= n;
  }
  if (from === undefined)
    return { kind, text: `${kind}: not faster than softmax at any measured length` };
  const softmaxRan = point(ps, 'softmax', from)?.[metric] !== undefined;
  const first = lengths.find((n) => faster(n) !== undefined);
  const text =
    from === first && softmaxRan
      ? `${kind}: faster than softmax at every measured length (from n = ${from})`
      : softmaxRan
        ? `${kind}: faster than softmax from n = ${from} on`
        : `${kind}: faster from n = ${from}, where softmax could not run`;
  return { kind, n: from, text };
};

const cell = (cur?: number, prev?: number, digits = 0): string => {
  if (cur === undefined) return 'skipped';
  const v = cur.toFixed(digits);
  return prev === undefined ? v : `${v} (x${(cur / prev).toFixed(1)})`;
};

const lengthsOf = (ps: readonly ScalingPoint[]): number[] =>
  [...new Set(ps.map((p) => p.n))].sort((a, b) => a - b);

const torchMs = (
  t: TorchPeerResult | undefined,
  n: number,
  threads?: number,
): number | undefined => {
  const ms = (t?.points ?? [])
    .filter((p) => p.n === n && (threads === undefined || p.threads === threads))
    .map((p) => p.ms)
    .filter((m): m is number => m !== undefined);
  return ms.length ? Math.min(...ms) : undefined;
};

/** Markdown table: ms per step per kind (x growth per doubling of n), and the PyTorch peer. */
export const timeTable = (ps: readonly ScalingPoint[], torch?: TorchPeerResult): string => {
  const lengths = lengthsOf(ps);
  const head = ['n', ...ATTENTION_KINDS.map((k) => `${k} ms`)];
  if (torch) head.push('torch softmax 1 thread ms', 'torch softmax best of 1-2 threads ms');
  const rows = lengths.map((n, i) => {
    const prevN = lengths[i - 1];
    const cells = ATTENTION_KINDS.map((k) =>
      cell(point(ps, k, n)?.ms, prevN ? point(ps, k, prevN)?.ms : undefined),
    );
    if (torch) {
      const prev1 = prevN ? torchMs(torch, prevN, 1) : undefined;
      const prevBest = prevN ? torchMs(torch, prevN) : undefined;
      cells.push(cell(torchMs(torch, n, 1), prev1, 1), cell(torchMs(torch, n), prevBest, 1));
    }
    return [String(n), ...cells];
  });
  return markdownTable(head, rows);
};

/** Markdown table: CPU ms per step per kind (the torch peer's 1-thread CPU ms beside it). */
export const cpuTable = (ps: readonly ScalingPoint[], torch?: TorchPeerResult): string => {
  const lengths = lengthsOf(ps);
  const torchCpu = (n?: number) => torch?.points.find((p) => p.threads === 1 && p.n === n)?.cpuMs;
  const head = ['n', ...ATTENTION_KINDS.map((k) => `${k} CPU ms`)];
  if (torch) head.push('torch softmax 1 thread CPU ms');
  const rows = lengths.map((n, i) => {
    const prevN = lengths[i - 1];
    const cells = ATTENTION_KINDS.map((k) =>
      cell(point(ps, k, n)?.cpuMs, prevN ? point(ps, k, prevN)?.cpuMs : undefined),
    );
    if (torch) cells.push(cell(torchCpu(n), prevN ? torchCpu(prevN) : undefined, 1));
    return [String(n), ...cells];
  });
  return markdownTable(head, rows);
};

/** Markdown table: peak tensor MB per step per kind. */
export const memoryTable = (ps: readonly ScalingPoint[]): string => {
  const lengths = lengthsOf(ps);
  const mb = (b?: number) => (b === undefined ? undefined : b / 2 ** 20);
  const rows = lengths.map((n, i) => {
    const prevN = lengths[i - 1];
    return [
      String(n),
      ...ATTENTION_KINDS.map((k) =>
        cell(
          mb(point(ps, k, n)?.peakBytes),
          prevN ? mb(point(ps, k, prevN)?.peakBytes) : undefined,
          1,
        ),
      ),
    ];
  });
  return markdownTable(['n', ...ATTENTION_KINDS.map((k) => `${k} peak MB`)], rows);
};

export const markdownTable = (head: readonly string[], rows: readonly string[][]): string =>
  [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** Skip reasons, one line per kind and reason (the tables only say 'skipped'). */
export const skipNotes = (ps: readonly ScalingPoint[]): string[] => {
  const notes = new Map<string, number[]>();
  for (const p of ps)
    if (p.skipped) {
      const key = `${p.kind}: ${p.skipped}`;
      notes.set(key, [...(notes.get(key) ?? []), p.n]);
    }
  return [...notes].map(([k, ns]) => `${k} at n = ${ns.join(', ')}`);
};

export interface ScalingRun {
  command: string;
  date: string;
  machine: string;
  /** 1-, 5-, 15-minute load averages at the start and at the end. */
  loadStart: number[];
  loadEnd: number[];
  durationS: number;
  runtime: string;
  block: string;
  kinds: string[];
  points: ScalingPoint[];
  torch?: TorchPeerResult | { skipped: string };
  /** Set when the page was rendered from a saved --json run (`--render FILE`). */
  renderedFrom?: string;
}

const loadText = (l: readonly number[]): string => l.map((x) => x.toFixed(2)).join(' / ');

const torchOf = (r: ScalingRun): TorchPeerResult | undefined =>
  r.torch && 'points' in r.torch ? r.torch : undefined;

/** Crossover of the torch peer's best time against the app's softmax block, in words. */
const torchRatios = (r: ScalingRun): string[] => {
  const t = torchOf(r);
  if (!t) return [];
  return lengthsOf(r.points).flatMap((n) => {
    const app = point(r.points, 'softmax', n);
    const best = torchMs(t, n);
    const cpu1 = t.points.find((p) => p.threads === 1 && p.n === n)?.cpuMs;
    if (app?.ms === undefined || best === undefined) return [];
    const cpu =
      app.cpuMs !== undefined && cpu1 !== undefined
        ? `; CPU time, app / torch 1 thread = ${(app.cpuMs / cpu1).toFixed(1)}`
        : '';
    return [`n = ${n}: wall time, app softmax / torch best = ${(app.ms / best).toFixed(1)}${cpu}`];
  });
};

/** docs/attention-scaling.md: setup, both tables, crossovers, skips, and what the numbers mean. */
export const renderScalingPage = (r: ScalingRun): string => {
  const t = torchOf(r);
  const torchLine = t
    ? `PyTorch ${t.torch} (BLAS ${t.blas}) peer of the softmax block: main/engine/bench/torch-attention-peer.py, 1 and 2 threads.`
    : `PyTorch peer: ${r.torch && 'skipped' in r.torch ? r.torch.skipped : 'not run'}.`;
  const skips = [
    ...skipNotes(r.points),
    ...(t?.points ?? [])
      .filter((p) => p.skipped)
      .map((p) => `torch ${p.threads} thread(s): ${p.skipped} at n = ${p.n}`),
  ];
  return [
    '# Attention scaling: training-step time and memory against sequence length',
    '',
    `Generated by \`${r.command}\` on ${r.date}${r.renderedFrom ? `, page rendered again from its saved output ${r.renderedFrom}` : ''}; do not edit by hand.`,
    '',
    `- Machine: ${r.machine}; load average (1/5/15 min) ${loadText(r.loadStart)} at the start, ${loadText(r.loadEnd)} at the end (other work shares the cores: read ratios). Whole run ${r.durationS.toFixed(0)} s.`,
    `- Runtime: ${r.runtime}. Each kind runs in its own Node process (an out-of-memory abort ends only that kind).`,
    `- Block: ${r.block}. One training step = forward, backward and one Adam update; the input and target are fixed, seeded normals.`,
    ...r.kinds.map((k) => `  - ${k}`),
    `- Parameters per block: ${ATTENTION_KINDS.map((k) => `${k} ${r.points.find((q) => q.kind === k && q.params)?.params ?? '?'}`).join(', ')}.`,
    `- ${torchLine} Its time only: PyTorch on CPU has no per-step peak-memory counter.`,
    '- Time: median wall ms per step after one warm-up step (up to the stated steps, within a time budget). (xF) is the growth from the previous length: for n doubling, ~x2 is linear and ~x4 quadratic.',
    '- Peak MB: the peak of `tf.memory().numBytes` during one step minus what was live before it (`tf.profile` peakBytes): bytes of the tensors tfjs tracks (activations kept for the backward pass, gradients, temporaries). On wasm this is not the wasm heap: the heap only grows, and XNNPACK scratch and the allocator overhead are not counted.',
    '',
    '## Wall ms per training step',
    '',
    timeTable(r.points, t),
    '',
    '## CPU ms per training step',
    '',
    'Process CPU time (user + system, all threads) of the same steps: a step that waits for a core while other work runs does not count the wait, so this grows with the work more faithfully than wall time on a loaded machine.',
    '',
    cpuTable(r.points, t),
    '',
    '## Peak tensor memory per training step',
    '',
    memoryTable(r.points),
    '',
    '## Crossover on this machine',
    '',
    'By wall time (what a user waits for, on this machine at this load):',
    '',
    ...ATTENTION_KINDS.filter((k) => k !== 'softmax').map(
      (k) => `- ${crossover(r.points, k).text}`,
    ),
    '',
    'By CPU time (the work itself, less sensitive to the load):',
    '',
    ...ATTENTION_KINDS.filter((k) => k !== 'softmax').map(
      (k) => `- ${crossover(r.points, k, 'cpuMs').text}`,
    ),
    '',
    ...(torchRatios(r).length
      ? [
          "The PyTorch peer against the app's softmax block:",
          '',
          ...torchRatios(r).map((l) => `- ${l}`),
        ]
      : []),
    '',
    ...(skips.length ? ['## Skipped', '', ...skips.map((s) => `- ${s}`), ''] : []),
    '## Reading the numbers',
    '',
    '- The kinds run one after another, not interleaved: a change of load during the run moves one kind more than another. Compare the growth factors (xF) before the absolute times.',
    '- The wasm heap is 32-bit (at most 4 GiB): a kind whose peak nears that cannot run at the next length, and batch > 1 scales the peak with the batch.',
    "- GAU computes one n x n map but applies it to values e x D wide (here 256), so its quadratic term is about twice the 4-head softmax block's; in the paper one GAU replaces attention and the MLP, which this block leaves out.",
    '- Expected from the maths: FLASH and linear attention grow ~x2 per doubling; softmax and GAU approach x4 once the n x n terms outweigh the projections (compare the tables above).',
    '',
  ].join('\n');
};
