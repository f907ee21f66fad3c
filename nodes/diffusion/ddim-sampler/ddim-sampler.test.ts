import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelHandle, Tensor } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { ddimTimesteps, scheduleTables } from '../shared/noise-schedule-math';
import {
  conditionedDenoiser,
  conditionedOutput,
  denoiserType,
  gaussianDenoiser,
  meanStd,
} from '../shared/sampler-testing';
import { ddimSamplerNode } from './ddim-sampler.node';
import { createDdimSamplerLayer } from './ddim-sampler.layer';
import type { DdimSamplerParams } from './ddim-sampler.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const params = (given: Record<string, unknown> = {}): DdimSamplerParams =>
  paramsOf(ddimSamplerNode, given) as DdimSamplerParams;

const sample = (
  p: DdimSamplerParams,
  handle: ModelHandle,
  inputs: Record<string, Tensor> = {},
  shape: [number, number, number] = [1, 1, 1],
): { samples: Tensor; strip: Tensor } => {
  const layer = createDdimSamplerLayer(tf, p, buildCtx({ model: denoiserType(...shape) }));
  const out = layer.apply(inputs, applyCtx({ training: false, handles: { model: handle } }));
  return { samples: out.samples!, strip: out.strip! };
};

describe('diffusion/ddim-sampler', () => {
  it('types samples [N,H,W,C] and the strip [K,H,W,C] from the handle', () => {
    const r = infer(
      ddimSamplerNode,
      { model: denoiserType(8, 8, 4) },
      { count: 9, stripFrames: 6 },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.samples).toEqual(tensorType('float32', [9, 8, 8, 4]));
    expect(r.outputs.strip).toEqual(tensorType('float32', [6, 8, 8, 4]));
    const few = infer(ddimSamplerNode, { model: denoiserType(8, 8, 4) }, { samplingSteps: 3 });
    expect(few.outputs.strip).toEqual(tensorType('float32', [4, 8, 8, 4])); // S + 1 states
  });

  it('names the fix: wrong port names, S > T, T of 0, guidance without condition, no model', () => {
    const m = { model: denoiserType(8, 8, 4) };
    const msg = (given: Record<string, unknown>, inputs: Record<string, unknown> = m): string[] =>
      infer(ddimSamplerNode, inputs as never, given).diagnostics.map((d) => d.message);
    expect(msg({ inputName: 'img' })[0]).toMatch(/no input 'img' \(it has: x, t\); set inputName/);
    expect(msg({ timestepName: 'time' })[0]).toMatch(/set timestepName/);
    expect(msg({ outputName: 'v' })[0]).toMatch(/no output 'v' \(it has: eps\); set outputName/);
    expect(msg({ samplingSteps: 100, steps: 50 })[0]).toMatch(/set S to at most T/);
    expect(msg({ steps: 0, samplingSteps: 1 }).join(' ')).toMatch(/steps T is 0; set it/);
    // Guidance on a model that takes no condition: the fix is guidance 1 (or a conditional model).
    const u = infer(ddimSamplerNode, m, { guidance: 3 }).diagnostics;
    expect(u[0]).toMatchObject({ severity: 'warning' });
    expect(u[0]?.message).toMatch(
      /guidance scale is 3 but module unet takes no condition \(its inputs: x, t\), so guidance has no effect; set guidance to 1/,
    );
    // A conditional model whose condition is left unconnected: connect it, or guidance 1.
    const cond16 = { model: denoiserType(8, 8, 4, { condition: 16 }) };
    const w = infer(ddimSamplerNode, cond16, { guidance: 3 }).diagnostics;
    expect(w[0]).toMatchObject({ severity: 'warning', port: 'condition' });
    expect(w[0]?.message).toMatch(/connect a condition .* or set guidance to 1/);
    expect(msg({}, {})[0]).toMatch(/Module Handle/);
    const cm = { model: denoiserType(8, 8, 4, { condition: 16 }) };
    expect(msg({}, cm)[0]).toMatch(/takes a condition 'c'; connect a condition/);
    expect(msg({}, { ...cm, condition: tensorType('float32', ['B', 8]) })[0]).toMatch(
      /rows are 16 but the condition rows are 8/,
    );
    expect(
      infer(ddimSamplerNode, { model: denoiserType(8, 8, 4, { tDtype: 'float32' }) }, {})
        .diagnostics[0]?.message,
    ).toMatch(/feeds int32 step indices/);
  });

  it('eta 0 is deterministic from its noise: equal for one seed, different for another; no leaks', () => {
    const p = params({ count: 4, steps: 100, samplingSteps: 10 });
    const handle = gaussianDenoiser(tf, scheduleTables(p).alphaBar, 0.3, 0.5);
    const before = tf.memory().numTensors;
    const a = sample(p, handle, {}, [3, 3, 2]);
    expect(tf.memory().numTensors).toBe(before + 2);
    const b = sample(p, handle, {}, [3, 3, 2]);
    const c = sample({ ...p, seed: 2 }, handle, {}, [3, 3, 2]);
    expect(a.samples.shape).toEqual([4, 3, 3, 2]);
    expect(a.strip.shape).toEqual([8, 3, 3, 2]);
    expect(Array.from(b.samples.dataSync())).toEqual(Array.from(a.samples.dataSync()));
    expect(Array.from(c.samples.dataSync())).not.toEqual(Array.from(a.samples.dataSync()));
    // The strip ends at the first sample's result and starts from its noise.
    const last = a.strip.slice([7], [1]).dataSync();
    expect(Array.from(last)).toEqual(Array.from(a.samples.slice([0], [1]).dataSync()));
    const e1 = sample({ ...p, eta: 1 }, handle, {}, [3, 3, 2]).samples.dataSync();
    const e2 = sample({ ...p, eta: 1 }, handle, {}, [3, 3, 2]).samples.dataSync();
    expect(Array.from(e1)).toEqual(Array.from(e2)); // seeded noise too
    expect(Array.from(e1)).not.toEqual(Array.from(a.samples.dataSync()));
    tf.dispose([a.samples, a.strip, b.samples, b.strip, c.samples, c.strip]);
  });

  it('seed 0 draws fresh noise from the run rng', () => {
    const p = params({ count: 3, steps: 20, samplingSteps: 5, seed: 0 });
    const handle = gaussianDenoiser(tf, scheduleTables(p).alphaBar, 0, 1);
    const layer = createDdimSamplerLayer(tf, p, buildCtx({ model: denoiserType(1, 1, 1) }));
    const run = (seed: number): number[] =>
      Array.from(
        layer
          .apply({}, applyCtx({ training: false, rng: testRng(seed), handles: { model: handle } }))
          .samples!.dataSync(),
      );
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });

  it('guidance: w = 1 is the conditional model, w = 0 the unconditional one, w = 2 extrapolates', () => {
    const p = params({ count: 6, steps: 100, samplingSteps: 8 });
    const cond = tf.randomNormal([6, 4], 0, 1, 'float32', 3);
    const nul = tf.fill([1, 4], -0.7); // one row serves all samples
    const fixed = (c: Tensor): ModelHandle => ({
      moduleId: 'fixed',
      call: ({ x }) => {
        const rows = tf.tensor1d(
          Int32Array.from({ length: 6 }, (_, i) => i % c.shape[0]!),
          'int32',
        );
        return { eps: conditionedOutput(tf, x as Tensor, tf.gather(c, rows)) };
      },
    });
    const guided = (w: number): ModelHandle => ({
      moduleId: 'guided',
      call: ({ x }) => {
        const u = fixed(nul).call({ x: x as Tensor }, applyCtx()).eps!;
        const c = fixed(cond).call({ x: x as Tensor }, applyCtx()).eps!;
        return { eps: tf.add(u, tf.mul(tf.sub(c, u), w)) };
      },
    });
    const run = (w: number): number[] =>
      Array.from(
        sample({ ...p, guidance: w }, conditionedDenoiser(tf), {
          condition: cond,
          nullCondition: nul,
        }).samples.dataSync(),
      );
    const ref = (h: ModelHandle): number[] => Array.from(sample(p, h).samples.dataSync());
    const close = (a: number[], b: number[]): void =>
      a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 4));
    close(run(1), ref(fixed(cond)));
    close(run(0), ref(fixed(nul)));
    close(run(2), ref(guided(2)));
    expect(Math.abs(run(1)[0]! - run(0)[0]!)).toBeGreaterThan(1e-2);
  });

  it('with the exact denoiser of N(mu, s^2) data, 2000 samples at eta 0 and S = 50 have mean mu and std s', () => {
    const mu = 0.5;
    const s = 0.3;
    for (const [schedule, prediction] of [
      ['linear', 'eps'],
      ['cosine', 'v'],
    ] as const) {
      const p = params({ count: 2000, samplingSteps: 50, schedule, prediction });
      const { alphaBar } = scheduleTables(p);
      const { samples } = sample(p, gaussianDenoiser(tf, alphaBar, mu, s, prediction));
      const { mean, std } = meanStd(samples);
      // For Gaussian data each DDIM step is linear in d = x_t - sqrt(abar_t) mu: d_prev = k d with
      // k = (sqrt(abar_prev abar_t) s^2 + sqrt((1 - abar_prev)(1 - abar_t))) / (abar_t s^2 + 1 - abar_t),
      // which by Cauchy-Schwarz shrinks the variance a little at every finite step. Predict the result:
      let dMean = -Math.sqrt(alphaBar[p.steps - 1]!) * mu;
      let dVar = 1;
      const taus = ddimTimesteps(p.steps, p.samplingSteps);
      taus.forEach((t, i) => {
        const a = alphaBar[t]!;
        const ap = i + 1 < taus.length ? alphaBar[taus[i + 1]!]! : 1;
        const k = (Math.sqrt(ap * a) * s * s + Math.sqrt((1 - ap) * (1 - a))) / (a * s * s + 1 - a);
        dMean *= k;
        dVar *= k * k;
      });
      // The samples match that prediction within sampling error (std error of the mean 0.007, of the std 0.005)...
      expect(Math.abs(mean - (mu + dMean))).toBeLessThan(0.02);
      expect(Math.abs(std - Math.sqrt(dVar))).toBeLessThan(0.015);
      // ...and the data distribution within sampling plus 50-step discretisation error (the linear
      // schedule's std comes out ~0.275 for s = 0.3, the cosine one ~0.287): 0.03 on the mean, 0.04 on the std.
      expect(Math.abs(mean - mu)).toBeLessThan(0.03);
      expect(Math.abs(std - s)).toBeLessThan(0.04);
    }
  });

  it('clipX0 keeps the samples inside the data range', () => {
    const p = params({
      count: 200,
      steps: 100,
      samplingSteps: 10,
      clipX0: true,
      clipMin: 0,
      clipMax: 1,
    });
    const { samples } = sample(p, gaussianDenoiser(tf, scheduleTables(p).alphaBar, 0.5, 2));
    const v = samples.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1e-5);
    expect(Math.max(...v)).toBeLessThanOrEqual(1 + 1e-5);
  });
});
