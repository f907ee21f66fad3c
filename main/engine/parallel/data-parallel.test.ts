import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { DataParallelTrainer } from './data-parallel';
import { runStep } from './step-program';
import { initBackend } from '../backend/select-backend';
import { relError } from '../backend/backend-test-utils';
import { autoencoderStep, type AutoencoderConfig } from '../bench/models/conv-autoencoder.model';

const MODEL = fileURLToPath(new URL('../bench/models/conv-autoencoder.model.ts', import.meta.url));
const cfg: AutoencoderConfig = { batch: 8, width: 8, lr: 3e-3 };

describe('data-parallel training over two wasm workers', () => {
  it('keeps identical weights and matches single-worker full-batch training', async () => {
    const dp = await DataParallelTrainer.start({
      module: MODEL,
      exportName: 'autoencoderStep',
      config: cfg,
      workers: 2,
    });
    try {
      expect(dp.info).toMatchObject({ name: 'wasm', workers: 2 });
      const parallel: number[] = [];
      const counts: number[][] = [];
      for (let s = 0; s < 4; s++) {
        const r = await dp.step(s);
        parallel.push(r.losses['ae'] as number);
        counts.push(r.tensors);
      }
      expect(counts[3]).toEqual(counts[1]); // flat tensor count in each worker
      const [w0, w1] = await Promise.all([dp.weights(0), dp.weights(1)]);
      expect(w0.length).toBeGreaterThan(0);
      w0.forEach((w, i) =>
        expect(Buffer.from(w.buffer).equals(Buffer.from((w1[i] as Float32Array).buffer))).toBe(
          true,
        ),
      );

      await initBackend({ backend: 'wasm' });
      const p = autoencoderStep.create(tf, cfg);
      const single: number[] = [];
      for (let s = 0; s < 4; s++)
        single.push(runStep(tf, p, { step: s, shard: 0, shards: 1 })['ae'] as number);
      const ws = p.variables.map((v) => v.dataSync() as Float32Array);
      p.dispose();
      expect(relError(parallel, single)).toBeLessThan(1e-4);
      expect(Math.max(...ws.map((w, i) => relError(w0[i] as Float32Array, w)))).toBeLessThan(1e-3);
    } finally {
      await dp.close();
    }
  });

  it('runs a custom step (trainer-style) with all-reduce and answers calls', async () => {
    const file = fileURLToPath(new URL('./examples/linear-regression.step.ts', import.meta.url));
    const dp = await DataParallelTrainer.start({
      module: file,
      config: { batch: 8, lr: 0.2 },
      workers: 2,
      backend: 'cpu',
    });
    try {
      const first = (await dp.step(0)).losses['fit'] as number;
      let last = first;
      for (let s = 1; s < 60; s++) last = (await dp.step(s)).losses['fit'] as number;
      expect(last).toBeLessThan(first * 0.01);
      const [p0, p1] = (await Promise.all([dp.call(0, 'params'), dp.call(1, 'params')])) as {
        w: number;
        b: number;
      }[];
      expect(p0).toEqual(p1);
      expect(p0?.w).toBeCloseTo(3, 1);
      expect(p0?.b).toBeCloseTo(1, 1);
    } finally {
      await dp.close();
    }
  });

  it('reports a worker failure as an error instead of hanging', async () => {
    await expect(
      DataParallelTrainer.start({
        module: MODEL,
        exportName: 'noSuchExport',
        config: cfg,
        workers: 2,
      }),
    ).rejects.toThrow(/noSuchExport/);
  });
});
