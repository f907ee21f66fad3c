import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyCtx, infer, paramsOf } from '../../shared/test-kit';
import { scheduleTables } from '../shared/noise-schedule-math';
import type { ScheduleParams } from '../shared/schedule-params';
import { noiseScheduleNode } from './noise-schedule.node';
import { createNoiseScheduleLayer } from './noise-schedule.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('diffusion/noise-schedule', () => {
  it('types three [T] tables and reports T of 0', () => {
    const ok = infer(noiseScheduleNode, {}, { steps: 250 });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.alphaBar).toEqual({ kind: 'tensor', dtype: 'float32', shape: [250] });
    const bad = infer(noiseScheduleNode, {}, { steps: 0 });
    expect(bad.diagnostics[0]?.message).toMatch(/steps T is 0; set it/);
  });

  it('outputs the float64 tables as float32 constants, no weights', () => {
    const params = paramsOf(noiseScheduleNode, {
      schedule: 'cosine',
      steps: 100,
    }) as ScheduleParams;
    const layer = createNoiseScheduleLayer(tf, params);
    expect(layer.weights).toEqual({});
    const out = layer.apply({}, applyCtx());
    const ref = scheduleTables(params);
    expect(out.alphaBar!.shape).toEqual([100]);
    const got = out.alphaBar!.dataSync();
    ref.alphaBar.forEach((v, i) => expect(got[i]).toBeCloseTo(v, 6));
    expect(out.betas!.dataSync()[99]).toBeCloseTo(0.999, 6);
    tf.dispose(Object.values(out));
  });
});
