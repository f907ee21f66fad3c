// `npm run bench:threads [-- --rounds=N --steps=N --models=a,b]`: the bench models' training steps
// on the three ways Tessera can use two cores on wasm, interleaved round by round so drifting load
// hits them alike: 1 worker on 1 XNNPACK thread, 1 worker on 2 threads (the app's default), and 2
// data-parallel workers of 1 thread. Each (round, mode) is its own `npm run bench -- --models`
// process (the thread count is fixed when a process first starts wasm); prints the median over
// rounds per model and mode, with PyTorch's best wall time from the same runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ModelsReport } from '../main/engine/bench/models-report';
import { median } from '../main/engine/bench/timing';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string): string =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const rounds = Number(arg('rounds', '3'));
const steps = Number(arg('steps', '10'));
const models = arg('models', 'conv-autoencoder,dcgan,char-gpt,ddpm');
const MODES = [
  { name: '1 worker, 1 thread', flags: ['--threads=1'] },
  { name: '1 worker, 2 threads', flags: ['--threads=2'] },
  { name: '2 workers, 1 thread each', flags: ['--workers=2', '--threads=1'] },
] as const;

const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-bench-threads-'));
const loadText = (): string =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `wasm threads vs data-parallel workers: ${rounds} rounds x ${MODES.length} modes, ${steps} steps each; load average ${loadText()}`,
);
const tessera = new Map<string, number[]>();
const pytorch = new Map<string, number[]>();
const push = (m: Map<string, number[]>, key: string, v: number): void => {
  m.set(key, [...(m.get(key) ?? []), v]);
};
for (let r = 0; r < rounds; r++)
  for (const [i, mode] of MODES.entries()) {
    const json = path.join(dir, `r${r}-m${i}.json`);
    execFileSync(
      'npm',
      [
        'run',
        '--silent',
        'bench',
        '--',
        `--models=${models}`,
        `--steps=${steps}`,
        ...mode.flags,
        '--json',
        json,
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const report = JSON.parse(readFileSync(json, 'utf8')) as ModelsReport;
    for (const [model, e] of Object.entries(report.models)) {
      push(tessera, `${model}|${mode.name}`, e.tessera_ms);
      if (e.pytorch_ms !== null) push(pytorch, model, e.pytorch_ms);
    }
    console.log(`  round ${r + 1}, ${mode.name}: done (load ${loadText()})`);
  }
const cell = (xs: number[] | undefined): string =>
  xs === undefined ? '-' : `${median(xs).toFixed(0)} (${xs.map((x) => x.toFixed(0)).join(', ')})`;
console.log(
  `\n| model | ${MODES.map((m) => `${m.name}, ms`).join(' | ')} | fastest | PyTorch best, ms | fastest / PyTorch |`,
);
console.log(`| --- | ${MODES.map(() => '---:').join(' | ')} | --- | ---: | ---: |`);
for (const model of models.split(',')) {
  const medians = MODES.map((m) => {
    const xs = tessera.get(`${model}|${m.name}`);
    return xs === undefined ? Infinity : median(xs);
  });
  const best = Math.min(...medians);
  const fastest = MODES[medians.indexOf(best)]?.name ?? '-';
  const torch = pytorch.get(model);
  const torchMs = torch === undefined ? null : median(torch);
  console.log(
    `| ${model} | ${MODES.map((m) => cell(tessera.get(`${model}|${m.name}`))).join(' | ')} | ${fastest} | ${torch === undefined ? 'skipped: no PyTorch' : cell(torch)} | ${torchMs === null ? '-' : `${(best / torchMs).toFixed(2)}x`} |`,
  );
}
console.log(`\nload average at the end ${loadText()}`);
