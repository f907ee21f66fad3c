// Every template that exports trains data-parallel: one torchrun with 2 processes (gloo on
// loopback) trains each export for a few steps from its own initial weights, and the loss of its
// first objective falls: the mean of the last 3 steps is below the mean of steps 2-4 (for GANs the
// discriminator's or critic's loss). Step 1 runs before any update and is left out: WGAN's weight
// clipping (0.01) first shrinks the critic's scores, and its loss, by two orders of magnitude.
// One process group serves all templates, to keep CI short.
import { describe, expect, it } from 'vitest';
import { copyFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadTemplate } from '../../testing/engine-fixtures';
import { EXPORTING_TEMPLATES } from './testing/exporting-templates';
import { exportTorchToTemp, mnistDir, runTorchrun } from './testing/torch-python';

// TESSERA_TORCH_TEMPLATES=a,b runs only those (as in torch-templates.equivalence.test.ts).
const only = process.env.TESSERA_TORCH_TEMPLATES?.split(',');
const TEMPLATES = EXPORTING_TEMPLATES.filter((n) => !only || only.includes(n));
const STEPS = 20;
const BATCH = 8;

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('PyTorch exports under torch.distributed.run', () => {
  it(`train ${TEMPLATES.length} templates on 2 processes: the first objective's loss falls`, async () => {
    const jobs = [];
    const firstObjective: string[] = [];
    for (const name of TEMPLATES) {
      const doc = loadTemplate(name);
      doc.training.batchSize = BATCH;
      doc.training.checkpointEvery = 0;
      const o = doc.training.stages[0]!.objectives[0]!;
      firstObjective.push(o.name || o.id);
      jobs.push({ dir: await exportTorchToTemp(doc), mnist: mnistDir(), steps: STEPS });
    }
    const dir = jobs[0]!.dir;
    copyFileSync(
      path.join(import.meta.dirname, 'testing', 'ddp-templates.py'),
      path.join(dir, 'ddp-templates.py'),
    );
    writeFileSync(path.join(dir, 'jobs.json'), JSON.stringify(jobs));
    const run = await runTorchrun(
      [
        '-m',
        'tessera_torch.launch',
        '--standalone',
        '--nproc_per_node=2',
        'ddp-templates.py',
        'jobs.json',
      ],
      dir,
      {},
      900_000,
    );
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    const results = run.json as { world: number; losses: Record<string, number>[] }[];
    expect(results.length).toBe(TEMPLATES.length);
    const problems: string[] = [];
    results.forEach((r, i) => {
      const name = TEMPLATES[i]!;
      const series = r.losses.map((l) => l[firstObjective[i]!]!).filter(Number.isFinite);
      const first = mean(series.slice(1, 4));
      const last = mean(series.slice(-3));
      console.log(
        `2-process ${name} (${firstObjective[i]}): ${first.toFixed(4)} -> ${last.toFixed(4)} in ${STEPS} steps`,
      );
      if (r.world !== 2) problems.push(`${name}: world ${r.world}`);
      if (series.length !== STEPS)
        problems.push(`${name}: ${series.length} finite losses of ${STEPS}`);
      if (!(last < first)) problems.push(`${name}: loss ${first} -> ${last} did not fall`);
    });
    expect(problems).toEqual([]);
  }, 900_000);
});
