import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { gradientCheck } from '../../shared/gradient-check';
import { scheduleTables } from '../shared/noise-schedule-math';
import { diffusionStepNode } from './diffusion-step.node';
import { createDiffusionStepLayer } from './diffusion-step.layer';
import type { DiffusionStepParams } from './diffusion-step.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const params = (given: Record<string, unknown> = {}): DiffusionStepParams =>
  paramsOf(diffusionStepNode, given) as DiffusionStepParams;

describe('diffusion/diffusion-step', () => {
  it('types x_t, eps, target like x0 and t as int32 [B]; names the fix for a missing input', () => {
    const r = infer(diffusionStepNode, { x0: tensorType('float32', ['B', 8, 8, 4]) });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.xt).toEqual(tensorType('float32', ['B', 8, 8, 4]));
    expect(r.outputs.t).toEqual(tensorType('int32', ['B']));
    expect(infer(diffusionStepNode, {}).diagnostics[0]?.message).toMatch(/Connect .* 'x0'/);
    expect(
      infer(diffusionStepNode, { x0: tensorType('float32', ['B', 2]) }, { steps: 0 }).diagnostics[0]
        ?.message,
    ).toMatch(/steps T is 0/);
  });

  it('x_t given a fixed x0 has mean sqrt(abar_t) x0 and variance 1 - abar_t at each t', () => {
    const p = params({ steps: 4, betaStart: 0.1, betaEnd: 0.6 });
    const { alphaBar } = scheduleTables(p);
    const n = 20000;
    const x0v = 1.5;
    const layer = createDiffusionStepLayer(tf, p);
    const out = layer.apply({ x0: tf.fill([n, 1], x0v) }, applyCtx({ rng: testRng(3) }));
    const xt = out.xt!.dataSync();
    const t = out.t!.dataSync();
    expect(out.t!.dtype).toBe('int32');
    for (let s = 0; s < 4; s++) {
      const v = Array.from(xt).filter((_, i) => t[i] === s);
      expect(v.length).toBeGreaterThan(n / 4 - 400); // uniform t: ~5000 each
      expect(v.length).toBeLessThan(n / 4 + 400);
      const mean = v.reduce((a, x) => a + x, 0) / v.length;
      const variance = v.reduce((a, x) => a + (x - mean) ** 2, 0) / v.length;
      // ~5000 draws: standard error of the mean <= 0.015, of the variance <= 0.02.
      expect(Math.abs(mean - Math.sqrt(alphaBar[s]!) * x0v)).toBeLessThan(0.05);
      expect(Math.abs(variance - (1 - alphaBar[s]!))).toBeLessThan(0.06);
    }
    tf.dispose(Object.values(out));
  });

  it('is deterministic for the same rng seed and differs for another', () => {
    const layer = createDiffusionStepLayer(tf, params());
    const x0 = tf.randomNormal([8, 3, 3, 2], 0, 1, 'float32', 1);
    const run = (seed: number): number[] => {
      const o = layer.apply({ x0 }, applyCtx({ rng: testRng(seed) }));
      return [...o.xt!.dataSync(), ...o.t!.dataSync()];
    };
    expect(run(5)).toEqual(run(5));
    expect(run(5)).not.toEqual(run(6));
  });

  it('target is eps, or v = sqrt(abar_t) eps - sqrt(1 - abar_t) x0', () => {
    const p = params({ prediction: 'v', steps: 50 });
    const { alphaBar } = scheduleTables(p);
    const x0 = tf.randomNormal([16, 5], 0, 1, 'float32', 2);
    const o = createDiffusionStepLayer(tf, p).apply({ x0 }, applyCtx({ rng: testRng(9) }));
    const [xv, ev, vv, tv] = [x0, o.eps!, o.target!, o.t!].map((x) => x.dataSync());
    for (let i = 0; i < 80; i++) {
      const a = alphaBar[tv![Math.floor(i / 5)]!]!;
      expect(vv![i]).toBeCloseTo(Math.sqrt(a) * ev![i]! - Math.sqrt(1 - a) * xv![i]!, 5);
    }
    const e = createDiffusionStepLayer(tf, params()).apply({ x0 }, applyCtx({ rng: testRng(9) }));
    expect(Array.from(e.target!.dataSync())).toEqual(Array.from(e.eps!.dataSync()));
  });

  it('the gradient of x_t reaches x0 (sqrt(abar_t) per example)', () => {
    const layer = createDiffusionStepLayer(tf, params({ steps: 10 }));
    const x0 = tf.randomNormal([4, 3], 0, 1, 'float32', 4);
    const f = (x: tf.Tensor): tf.Tensor =>
      tf.sum(tf.square(layer.apply({ x0: x }, applyCtx({ rng: testRng(2) })).xt!));
    expect(gradientCheck(tf, f, x0).maxError).toBeLessThan(2e-2);
  });
});
