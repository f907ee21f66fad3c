import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelHandle, Tensor } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { scheduleTables } from '../shared/noise-schedule-math';
import {
  conditionedDenoiser,
  denoiserType,
  gaussianDenoiser,
  meanStd,
} from '../shared/sampler-testing';
import { ddpmSamplerNode } from './ddpm-sampler.node';
import { createDdpmSamplerLayer } from './ddpm-sampler.layer';
import type { DdpmSamplerParams } from './ddpm-sampler.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const params = (given: Record<string, unknown> = {}): DdpmSamplerParams =>
  paramsOf(ddpmSamplerNode, given) as DdpmSamplerParams;

const sample = (
  p: DdpmSamplerParams,
  handle: ModelHandle,
  inputs: Record<string, Tensor> = {},
  shape: [number, number, number] = [1, 1, 1],
): { samples: Tensor; strip: Tensor } => {
  const layer = createDdpmSamplerLayer(tf, p, buildCtx({ model: denoiserType(...shape) }));
  const out = layer.apply(inputs, applyCtx({ training: false, handles: { model: handle } }));
  return { samples: out.samples!, strip: out.strip! };
};

describe('diffusion/ddpm-sampler', () => {
  it('types samples and strip; names the fix for a missing timestep input and T of 0', () => {
    const r = infer(ddpmSamplerNode, { model: denoiserType(16, 16, 3) }, { count: 4 });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.samples).toEqual(tensorType('float32', [4, 16, 16, 3]));
    expect(r.outputs.strip).toEqual(tensorType('float32', [8, 16, 16, 3]));
    const bad = infer(ddpmSamplerNode, { model: denoiserType(16, 16, 3) }, { timestepName: 'k' });
    expect(bad.diagnostics[0]?.message).toMatch(/no input 'k' \(it has: x, t\); set timestepName/);
    expect(
      infer(ddpmSamplerNode, { model: denoiserType(4, 4, 1) }, { steps: 0 }).diagnostics[0]
        ?.message,
    ).toMatch(/steps T is 0; set it/);
  });

  it('with the exact denoiser of N(mu, s^2) data, 2000 samples over T = 1000 steps have mean mu and std s', () => {
    const mu = -0.4;
    const s = 0.5;
    const p = params({ count: 2000 });
    const { samples, strip } = sample(p, gaussianDenoiser(tf, scheduleTables(p).alphaBar, mu, s));
    const { mean, std } = meanStd(samples);
    // Sampling error of the mean s/sqrt(2000) = 0.011, of the std ~0.008; tolerance 0.04 on both.
    expect(Math.abs(mean - mu)).toBeLessThan(0.04);
    expect(Math.abs(std - s)).toBeLessThan(0.04);
    expect(strip.shape).toEqual([8, 1, 1, 1]);
    tf.dispose([samples, strip]);
  });

  it('is reproducible for a seed, without leaking tensors, and follows the condition at w = 1', () => {
    const p = params({ count: 3, steps: 30 });
    const cond = tf.tensor2d([[1], [2], [3]]);
    const before = tf.memory().numTensors;
    const a = sample({ ...p }, conditionedDenoiser(tf), { condition: cond }, [2, 2, 1]);
    expect(tf.memory().numTensors).toBe(before + 2);
    const b = sample({ ...p }, conditionedDenoiser(tf), { condition: cond }, [2, 2, 1]);
    expect(Array.from(b.samples.dataSync())).toEqual(Array.from(a.samples.dataSync()));
    const c = sample({ ...p }, conditionedDenoiser(tf), { condition: tf.mul(cond, 2) }, [2, 2, 1]);
    expect(Array.from(c.samples.dataSync())).not.toEqual(Array.from(a.samples.dataSync()));
  });
});
