import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { createDdimSamplerLayer } from '../ddim-sampler/ddim-sampler.layer';
import { ddimSamplerNode } from '../ddim-sampler/ddim-sampler.node';
import type { DdimSamplerParams } from '../ddim-sampler/ddim-sampler.params';
import { conditionedDenoiser, denoiserType } from '../shared/sampler-testing';
import { guidanceSweepNode } from './guidance-sweep.node';
import { createGuidanceSweepLayer } from './guidance-sweep.layer';
import type { GuidanceSweepParams } from './guidance-sweep.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const conditional = denoiserType(2, 2, 1, { condition: 3 });
const cond = tensorType('float32', ['B', 3]);

describe('diffusion/guidance-sweep', () => {
  it('types rows x scales images; names the fix for an unconditioned model, no condition, S > T, T of 0', () => {
    const r = infer(
      guidanceSweepNode,
      { model: conditional, condition: cond, nullCondition: cond },
      { rows: 3 },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.samples).toEqual(tensorType('float32', [12, 2, 2, 1]));
    const msg = (inputs: Record<string, unknown>, given: Record<string, unknown> = {}) =>
      infer(guidanceSweepNode, inputs as never, given).diagnostics.map((d) => d.message);
    expect(msg({ model: denoiserType(2, 2, 1) })[0]).toMatch(
      /needs a conditional model, but module unet takes no condition 'c' \(its inputs: x, t\)/,
    );
    expect(msg({ model: conditional })[0]).toMatch(/connect them to condition/);
    const full = { model: conditional, condition: cond, nullCondition: cond };
    expect(msg(full, { samplingSteps: 60, steps: 50 })[0]).toMatch(/set S to at most T/);
    expect(msg(full, { steps: 0, samplingSteps: 1 }).join(' ')).toMatch(/steps T is 0; set it/);
    expect(msg({}).join(' ')).toMatch(/Module Handle/);
  });

  it('column j is the DDIM sampler at scales[j] from the same noise; rows are the conditions', () => {
    const given = { steps: 50, samplingSteps: 5, seed: 9 };
    const sweepParams = paramsOf(guidanceSweepNode, {
      ...given,
      rows: 2,
      scales: [0, 1, 3],
    }) as GuidanceSweepParams;
    const inputs = {
      condition: tf.tensor2d([
        [1, 1, 1],
        [-2, -2, -2],
      ]),
      nullCondition: tf.zeros([2, 3]),
    };
    const ctx = applyCtx({ training: false, handles: { model: conditionedDenoiser(tf) } });
    const before = tf.memory().numTensors;
    const sweep = createGuidanceSweepLayer(tf, sweepParams, buildCtx({ model: conditional })).apply(
      inputs,
      ctx,
    ).samples!;
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(sweep.shape).toEqual([6, 2, 2, 1]);
    const grid = sweep.arraySync() as number[][][][];
    for (const [j, w] of [0, 1, 3].entries()) {
      const p = paramsOf(ddimSamplerNode, { ...given, count: 2, guidance: w }) as DdimSamplerParams;
      const ddim = createDdimSamplerLayer(tf, p, buildCtx({ model: conditional })).apply(
        inputs,
        ctx,
      );
      const expected = ddim.samples!.arraySync() as number[][][][];
      expect(grid[0 * 3 + j]).toEqual(expected[0]);
      expect(grid[1 * 3 + j]).toEqual(expected[1]);
    }
    // w changes the picture of a condition: the columns of a row differ.
    expect(grid[0]).not.toEqual(grid[2]);
  });
});
