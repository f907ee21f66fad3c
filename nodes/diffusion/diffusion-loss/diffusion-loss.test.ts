import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, infer, paramsOf } from '../../shared/test-kit';
import { gradientCheck } from '../../shared/gradient-check';
import { scheduleTables } from '../shared/noise-schedule-math';
import { diffusionLossNode } from './diffusion-loss.node';
import { createDiffusionLossLayer, minSnrWeights } from './diffusion-loss.layer';
import type { DiffusionLossParams } from './diffusion-loss.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const params = (given: Record<string, unknown> = {}): DiffusionLossParams =>
  paramsOf(diffusionLossNode, given) as DiffusionLossParams;

describe('diffusion/diffusion-loss', () => {
  it('is a scalar; names the fix for a float t and a shape mismatch', () => {
    const x = tensorType('float32', ['B', 8, 8, 4]);
    const t = tensorType('int32', ['B']);
    expect(infer(diffusionLossNode, { prediction: x, target: x, t }).diagnostics).toEqual([]);
    const bad = infer(diffusionLossNode, {
      prediction: x,
      target: tensorType('float32', ['B', 8, 8, 3]),
      t: tensorType('float32', ['B']),
    }).diagnostics.map((d) => d.message);
    expect(bad.join(' ')).toMatch(/one value per element/);
    expect(bad.join(' ')).toMatch(/connect Diffusion Step's t/);
  });

  it('weights each example by min(SNR, gamma)/SNR (eps), /(SNR+1) (v), min(SNR, gamma) (x0)', () => {
    const p = params({ steps: 100 });
    const ab = scheduleTables(p).alphaBar;
    const snrAt = (t: number): number => ab[t]! / (1 - ab[t]!);
    const w = minSnrWeights(p);
    expect(snrAt(0)).toBeGreaterThan(5);
    expect(w[0]).toBeCloseTo(5 / snrAt(0), 12);
    expect(w[99]).toBeCloseTo(1, 12); // SNR < gamma: the plain eps loss
    expect(minSnrWeights({ ...p, prediction: 'v' })[50]).toBeCloseTo(
      Math.min(snrAt(50), 5) / (snrAt(50) + 1),
      12,
    );
    expect(minSnrWeights({ ...p, prediction: 'x0' })[0]).toBe(5);

    const layer = createDiffusionLossLayer(tf, p);
    const pred = tf.tensor2d([
      [1, 2],
      [0, 0],
    ]);
    const target = tf.tensor2d([
      [0, 0],
      [3, 3],
    ]);
    const loss = layer
      .apply({ prediction: pred, target, t: tf.tensor1d([0, 99], 'int32') }, applyCtx())
      .loss!.dataSync()[0]!;
    expect(loss).toBeCloseTo((w[0]! * 2.5 + w[99]! * 9) / 2, 5);
  });

  it('its gradient in the prediction matches finite differences', () => {
    const layer = createDiffusionLossLayer(tf, params({ steps: 50, prediction: 'v' }));
    const target = tf.randomNormal([4, 3], 0, 1, 'float32', 1);
    const t = tf.tensor1d([0, 10, 30, 49], 'int32');
    const f = (x: tf.Tensor): tf.Tensor =>
      layer.apply({ prediction: x, target, t }, applyCtx()).loss!;
    expect(gradientCheck(tf, f, tf.randomNormal([4, 3], 0, 1, 'float32', 2)).maxError).toBeLessThan(
      2e-2,
    );
  });
});
