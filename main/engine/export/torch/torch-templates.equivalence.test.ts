// Every template that exports to PyTorch computes what the app computes: from the app's initial
// weights (an app checkpoint, loaded with the layout conversion), each first-stage objective's
// values on the way to its loss agree within 1e-4 (|torch - app| / (1 + |app|)), on the same
// batches and the same noise (the app's sfc32 stream and TensorFlow.js's generators are ported);
// and train.py's first losses agree with the app trainer's. One Python process runs them all.
// TESSERA_TORCH_REPORT=FILE writes the measured table as JSON (docs/adr/0011 quotes it).
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { TesseraDocument } from '../../../../core/document/document.types';
import { initBackend } from '../../backend/select-backend';
import { loadTemplate } from '../../testing/engine-fixtures';
import { appLosses } from '../testing/app-losses';
import { appReference, forwardGap, type AppForward } from './testing/app-reference';
import { EXPORTING_TEMPLATES } from './testing/exporting-templates';
import { exportTorchToTemp, mnistDir, runPython } from './testing/torch-python';

/** Relative tolerance of the first training losses (every exporting template). */
const LOSS_BOUND = 1e-4;

/**
 * The app runs on wasm (its default) for every template. SimCLR's random crops once needed the
 * cpu backend here: stock wasm's CropAndResize skipped the row interpolation for full-width
 * boxes; Tessera's wasm kernel (wasm-kernels/crop-and-resize.kernel.ts) follows TensorFlow, as
 * the export does (checked below).
 */
const APP_BACKEND: Record<string, 'cpu' | 'wasm'> = {};

const BATCH = 4;
const STEPS = 3;
const FORWARD_BOUND = 1e-4;

/**
 * Templates whose first steps would not reach part of their training, changed so that the check
 * does; returns the steps to compare. vqgan: the adaptive GAN weight and the discriminator start at
 * step 400; here the discriminator objective's `from` and the adaptive weight's discStart are 1
 * and stage 1 runs 3 steps: step 1 trains the autoencoder with the GAN term off, step 2 with
 * lambda (eq. 7) scaling it (and the discriminator's first update), step 3's losses follow from
 * those updates, and step 4 trains the prior with the first stage frozen.
 */
const ADJUST: Record<string, (doc: TesseraDocument) => number> = {
  vqgan: (doc) => {
    const stage = doc.training.stages[0]!;
    stage.steps = 3;
    for (const o of stage.objectives) if (o.from > 0) o.from = 1;
    for (const m of Object.values(doc.modules))
      for (const n of Object.values(m.nodes))
        if (n.type === 'vqgan/adaptive-weight') n.params['discStart'] = 1;
    return STEPS + 1;
  },
};

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

interface TorchJob {
  forward: Record<string, Record<string, [number[], number[]]>>;
  losses: Record<string, number>[];
  forward_s: number;
  train_s: number;
}

describe('PyTorch exports of the templates against the app', () => {
  it(`agree on forward values (${FORWARD_BOUND}) and first ${STEPS} losses for ${EXPORTING_TEMPLATES.length} templates`, async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'tessera-torch-templates-'));
    const jobs = [];
    const app: { name: string; forward: AppForward; losses: Record<string, number>[] }[] = [];
    // TESSERA_TORCH_TEMPLATES=a,b runs only those (while debugging one form).
    const only = process.env.TESSERA_TORCH_TEMPLATES?.split(',');
    for (const name of EXPORTING_TEMPLATES.filter((n) => !only || only.includes(n))) {
      const doc = loadTemplate(name);
      doc.training.batchSize = BATCH;
      doc.training.checkpointEvery = 0;
      // Two-stage templates: the first stage ends after 2 steps, so step 3 trains the second one
      // (its objective, with the first stage's weights frozen).
      if (doc.training.stages.length > 1) doc.training.stages[0]!.steps = 2;
      const steps = ADJUST[name]?.(doc) ?? STEPS;
      const dir = await exportTorchToTemp(doc);
      await tf.setBackend(APP_BACKEND[name] ?? 'wasm');
      const checkpoint = path.join(dir, 'app', 'step-000000.json');
      const forward = await appReference(tf, doc, checkpoint);
      app.push({ name, forward, losses: await appLosses(tf, doc, steps) });
      jobs.push({ dir, checkpoint, mnist: mnistDir(), steps });
    }
    await tf.setBackend('wasm');
    copyFileSync(
      path.join(import.meta.dirname, 'testing', 'template-check.py'),
      path.join(work, 'template-check.py'),
    );
    writeFileSync(path.join(work, 'jobs.json'), JSON.stringify(jobs));
    const run = await runPython(['template-check.py', 'jobs.json'], work, {}, 600_000);
    expect(run.stderr).not.toMatch(/Traceback/);
    const results = run.json as unknown as TorchJob[];
    expect(results.length).toBe(app.length);

    const problems: string[] = [];
    const table = app.map((a, i) => {
      const got = results[i]!;
      let maxAbs = 0;
      let maxScaled = 0;
      let worst = '';
      for (const [objective, values] of Object.entries(a.forward)) {
        const gap = forwardGap(values, got.forward[objective] ?? {});
        problems.push(...gap.problems.map((p) => `${a.name} ${objective} ${p}`));
        if (gap.maxScaled > maxScaled)
          [maxScaled, worst] = [gap.maxScaled, `${objective}: ${gap.worst}`];
        maxAbs = Math.max(maxAbs, gap.maxAbs);
      }
      if (!(maxScaled < FORWARD_BOUND))
        problems.push(`${a.name}: forward differs by ${maxScaled} (${worst})`);
      const rel: number[] = [];
      a.losses.forEach((step, s) => {
        for (const [k, v] of Object.entries(step)) {
          const w = got.losses[s]?.[k];
          if (w === undefined) problems.push(`${a.name} step ${s + 1}: no torch loss ${k}`);
          else rel.push(Math.abs(w - v) / Math.max(Math.abs(v), 1e-8));
        }
      });
      const maxRel = Math.max(0, ...rel);
      if (!(maxRel < LOSS_BOUND))
        problems.push(`${a.name}: losses differ by ${maxRel} relative (bound ${LOSS_BOUND})`);
      return {
        template: a.name,
        forwardMaxAbs: maxAbs,
        forwardMaxScaled: maxScaled,
        lossMaxRel: maxRel,
        appLosses: a.losses,
        torchLosses: got.losses,
        torchSeconds: got.forward_s + got.train_s,
      };
    });
    for (const r of table)
      console.log(
        `${r.template}: forward max |d| ${r.forwardMaxAbs.toExponential(2)} (scaled ${r.forwardMaxScaled.toExponential(2)}), first ${r.appLosses.length} losses max rel ${r.lossMaxRel.toExponential(2)}, torch ${r.torchSeconds.toFixed(1)} s`,
      );
    if (process.env.TESSERA_TORCH_REPORT)
      writeFileSync(process.env.TESSERA_TORCH_REPORT, JSON.stringify(table, null, 1));
    expect(problems).toEqual([]);
  }, 900_000);

  it("crops a full-width box on wasm as TensorFlow does (simclr's app side runs on wasm)", async () => {
    const x = tf.tensor4d(
      Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i * 0.37)),
      [1, 6, 5, 1],
    );
    const crop = async (backend: string): Promise<number[]> => {
      await tf.setBackend(backend);
      const box = [[0.2, 0, 1, 1]];
      return [
        ...(tf.image
          .cropAndResize(x as never, box, [0], [6, 5], 'bilinear')
          .dataSync() as Float32Array),
      ];
    };
    const [cpu, wasm] = [await crop('cpu'), await crop('wasm')];
    // Row 1 samples image row 0.2 * 5 + 0.8 = 1.8: the cpu backend (and TensorFlow) interpolates
    // rows 1 and 2; stock wasm took row 1 alone (off by > 0.1 here).
    expect(Math.max(...cpu.map((v, i) => Math.abs(v - wasm[i]!)))).toBeLessThan(1e-6);
  });
});
