// Measures an exported template (conv-autoencoder unless --template) trained by PyTorch on 1
// process and on 2 processes (torch.distributed.run, gloo on CPU): training wall time (after
// start-up and data loading), examples per second over all processes, the first objective's first
// and last loss, and the machine's load.
// Run: node --import ./main/runtime/register.mjs main/engine/export/torch/measure-torch-ddp.ts [--template dcgan] [--steps 100] [--batch 32]
import { loadavg } from 'node:os';
import { loadTemplate } from '../../testing/engine-fixtures';
import { exportTorchToTemp, mnistDir, runPython } from './testing/torch-python';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const main = async (): Promise<void> => {
  const steps = arg('steps', 100);
  const batch = arg('batch', 32);
  const t = process.argv.indexOf('--template');
  const template = t >= 0 ? process.argv[t + 1]! : 'conv-autoencoder';
  const doc = loadTemplate(template);
  const first = doc.training.stages[0]!.objectives[0]!;
  const lossName = first.name || first.id;
  doc.training.batchSize = batch;
  doc.training.stages[0]!.steps = steps;
  doc.training.checkpointEvery = 0;
  const dir = await exportTorchToTemp(doc);
  const common = ['train.py', '--mnist-dir', mnistDir(), '--out', '', '--log-every', String(steps)];
  const rows: string[] = [];
  for (const world of [1, 2]) {
    const load = loadavg()[0]!.toFixed(1);
    const args =
      world === 1
        ? common
        : ['-m', 'tessera_torch.launch', '--standalone', `--nproc_per_node=${world}`, ...common];
    // One intra-op thread per process in both runs, so 2 processes use the 2 cores.
    const run = await runPython(args, dir, { OMP_NUM_THREADS: '1' }, 1_800_000);
    const s = run.json.find((j) => j['summary'])?.['summary'] as
      | {
          wall_s: number;
          examples_per_s: number;
          first: Record<string, number>;
          last: Record<string, number>;
        }
      | undefined;
    if (run.code !== 0 || !s)
      throw new Error(`${world}-process run failed:\n${run.stderr.slice(-2000)}`);
    rows.push(
      `| ${world} | ${steps} | ${batch} | ${s.wall_s.toFixed(1)} | ${s.examples_per_s.toFixed(0)} | ${s.first[lossName]!.toFixed(4)} -> ${s.last[lossName]!.toFixed(4)} | ${load} |`,
    );
  }
  console.log(`${template}, loss of ${lossName}:`);
  console.log(
    '| processes | steps | batch per process | train wall s | examples/s (all) | loss first -> last | load (1 min) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(r);
};

void main();
