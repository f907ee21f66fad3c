// State that the trainer, not the optimizer, moves: an EMA copy of a shared module and batch
// norm's running statistics. dcgan plus an EMA instance of its generator (decay 0.9) trains one
// step in the app and in the export from the same app checkpoint. The running statistics come
// from each layer's last training call of the step: the generator's before any of its updates
// (the same weights and batches: within 1e-5), the critic's in the generator objective,
// after the critic's Adam step. Adam's first step is lr * g / |g|, which flips sign where a
// gradient is float noise (the weights then differ by up to 2 lr = 4e-4), so the bound is 1e-4,
// far below what a wrong fold would give (a biased variance, a reversed momentum: about 1e-2).
// The EMA shadow is checked exactly against 0.9 start + 0.1 the export's own updated weights.
import { beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { initBackend } from '../../backend/select-backend';
import { compileDocument } from '../../../../core/graph/compile';
import { nodeRegistry } from '../../../../nodes/registry';
import { buildProgram } from '../../build/build-program';
import { createDataProvider, createShapeEnv } from '../../data/data-provider';
import { loadCheckpoint } from '../../train/checkpoint';
import { Trainer } from '../../train/trainer';
import { loadTemplate } from '../../testing/engine-fixtures';
import type { TesseraDocument } from '../../../../core/document/document.types';
import { appReference } from './testing/app-reference';
import { exportTorchToTemp, mnistDir, runPython } from './testing/torch-python';

const STEPS = 1;

/** max |a - b| over two equal-length arrays (no spread: the kernels have 200k entries). */
const maxGap = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const dcganWithEma = (): TesseraDocument => {
  const doc = loadTemplate('dcgan');
  doc.training.batchSize = 4;
  doc.training.checkpointEvery = 0;
  doc.nodes['gen-ema'] = {
    id: 'gen-ema',
    type: 'module/instance',
    typeVersion: 1,
    params: { module: 'generator', weights: 'ema', emaDecay: 0.9 },
    position: { x: 0, y: 0 },
    label: 'G EMA',
  } as never;
  doc.edges['noise.z->gen-ema.z'] = {
    id: 'noise.z->gen-ema.z',
    source: { node: 'noise', port: 'z' },
    target: { node: 'gen-ema', port: 'z' },
  } as never;
  return doc;
};

describe('PyTorch export of trainer-moved state', () => {
  it('follows the app for an EMA copy and batch-norm running statistics', async () => {
    const doc = dcganWithEma();
    const dir = await exportTorchToTemp(doc);
    const model = await import('node:fs').then((fs) =>
      fs.readFileSync(path.join(dir, 'model.py'), 'utf8'),
    );
    expect(model).toContain('("gen_ema", "shared.generator", 0.9),');
    expect(model).toContain(
      'self.gen_ema = Generator(shared)  # G EMA: an EMA of the shared weights',
    );
    const start = path.join(dir, 'app', 'step-000000.json');
    await appReference(tf, doc, start);

    const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
    const built = await buildProgram(tf, compiled.program!, {
      data: createDataProvider(),
      seed: doc.training.seed,
    });
    const trainer = new Trainer(built, { steps: STEPS });
    while (!trainer.done) trainer.runStep();
    const app = new Map(
      [...built.state()].map(([k, v]) => [`state/${k}`, Float32Array.from(v.dataSync())]),
    );
    const appWeights = new Map(
      [...built.weights()].map(([k, v]) => [`weights/${k}`, Float32Array.from(v.dataSync())]),
    );
    built.dispose();

    const run = await runPython(
      [
        'train.py',
        '--from-checkpoint',
        start,
        '--mnist-dir',
        mnistDir(),
        '--steps',
        String(STEPS),
        '--out',
        'run',
      ],
      dir,
    );
    expect(run.code, run.stderr.slice(-2000)).toBe(0);
    const torch = await loadCheckpoint(
      path.join(dir, 'run', 'checkpoints', `step-${String(STEPS).padStart(6, '0')}.json`),
    );
    const keys = [...app.keys()].sort();
    expect(keys).toContain('state/gen-ema/g-dense/kernel');
    expect(keys).toContain('state/generator/g-bn0/state/runningVar');
    expect(keys).toContain('state/critic/c-bn/state/runningMean');
    expect([...torch.values.keys()].filter((k) => k.startsWith('state/')).sort()).toEqual(keys);
    const startValues = (await loadCheckpoint(start)).values;
    // The shadow's weights (its batch norms' own statistics are compared with the app's below).
    const shadows = keys.filter((k) => k.startsWith('state/gen-ema/') && !k.includes('/state/', 6));
    for (const k of shadows) {
      const source = torch.values.get(k.replace('state/gen-ema/', 'weights/generator/'))!.data;
      const begin = startValues.get(k)!.data;
      const expected = Float32Array.from(begin, (b, i) => 0.9 * b + 0.1 * source[i]!);
      expect(maxGap(torch.values.get(k)!.data, expected), k).toBeLessThan(1e-6);
    }
    const worst = keys
      .filter((k) => !shadows.includes(k))
      .map((k) => {
        const got = torch.values.get(k)?.data;
        const want = app.get(k)!;
        if (!got || got.length !== want.length) return { k, d: Infinity };
        return { k, d: maxGap(want, got) };
      });
    const bad = worst.filter((w) => !(w.d < 1e-4));
    const weightGap = [...torch.values.keys()]
      .filter((k) => k.startsWith('weights/generator/'))
      .reduce((m, k) => Math.max(m, maxGap(torch.values.get(k)!.data, appWeights.get(k)!)), 0);
    console.log(
      `after ${STEPS} step: running statistics max |torch - app| ${worst.reduce((m, w) => Math.max(m, w.d), 0).toExponential(2)}; generator weights ${weightGap.toExponential(2)} (lr 2e-4)`,
    );
    expect(bad).toEqual([]);
    // The generator's statistics come from calls before any update of it: tight.
    const generator = worst.filter((w) => w.k.startsWith('state/generator/'));
    expect(generator.length).toBe(4);
    expect(generator.filter((w) => !(w.d < 1e-5))).toEqual([]);
    // The EMA shadow moved off its start (so the check above is not of unchanged weights).
    const kernel = 'state/gen-ema/g-dense/kernel';
    expect(maxGap(torch.values.get(kernel)!.data, startValues.get(kernel)!.data)).toBeGreaterThan(
      1e-6,
    );
  }, 180_000);
});
