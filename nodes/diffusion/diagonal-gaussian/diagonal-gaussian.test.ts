import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { meanStd } from '../shared/sampler-testing';
import { diagonalGaussianNode } from './diagonal-gaussian.node';
import { createDiagonalGaussianLayer } from './diagonal-gaussian.layer';
import type { DiagonalGaussianParams } from './diagonal-gaussian.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layer = (given: Record<string, unknown> = {}) =>
  createDiagonalGaussianLayer(tf, paramsOf(diagonalGaussianNode, given) as DiagonalGaussianParams);

describe('diffusion/diagonal-gaussian', () => {
  it('types z like the mean and kl as a scalar; names the fix for halves of different shapes', () => {
    const lat = tensorType('float32', ['B', 7, 7, 4]);
    const r = infer(diagonalGaussianNode, { mean: lat, logvar: lat });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.z).toEqual(lat);
    expect(r.outputs.kl).toEqual(tensorType('float32', []));
    const bad = infer(diagonalGaussianNode, {
      mean: lat,
      logvar: tensorType('float32', ['B', 7, 7, 8]),
    });
    expect(bad.diagnostics[0]?.message).toMatch(/split the encoder output into two equal halves/);
  });

  it('kl is 1/2 sum(mu^2 + sigma^2 - 1 - log sigma^2) per example, averaged over the batch', () => {
    const mean = tf.tensor2d([
      [0, 1],
      [2, 0],
    ]);
    const logvar = tf.tensor2d([
      [0, Math.log(4)],
      [0, 0],
    ]);
    const kl = layer().apply({ mean, logvar }, applyCtx()).kl!.dataSync()[0]!;
    // Row 0: 0.5 (0 + 1 - 1 - 0) + 0.5 (1 + 4 - 1 - ln 4); row 1: 0.5 (4 + 1 - 1) + 0.
    const expected = (0.5 * (4 - Math.log(4)) + 2) / 2;
    expect(kl).toBeCloseTo(expected, 5);
    expect(
      layer()
        .apply({ mean: tf.zeros([3, 5]), logvar: tf.zeros([3, 5]) }, applyCtx())
        .kl!.dataSync()[0],
    ).toBe(0);
  });

  it('samples N(mean, exp(logvar)) while training, reproducibly; the mean at eval', () => {
    const n = 20000;
    const mean = tf.fill([n, 1], 1.5);
    const logvar = tf.fill([n, 1], Math.log(0.25));
    const z = layer().apply({ mean, logvar }, applyCtx({ rng: testRng(5) })).z!;
    const { mean: m, std } = meanStd(z);
    // Standard errors 0.0035 (mean) and 0.0025 (std); tolerance 0.02.
    expect(Math.abs(m - 1.5)).toBeLessThan(0.02);
    expect(Math.abs(std - 0.5)).toBeLessThan(0.02);
    const again = layer().apply({ mean, logvar }, applyCtx({ rng: testRng(5) })).z!;
    expect(Array.from(again.dataSync())).toEqual(Array.from(z.dataSync()));
    const ev = layer().apply({ mean, logvar }, applyCtx({ training: false })).z!;
    expect(ev.dataSync()[0]).toBe(1.5);
    const drawn = layer({ evalOutput: 'sample' }).apply(
      { mean, logvar },
      applyCtx({ training: false }),
    ).z!;
    expect(meanStd(drawn).std).toBeGreaterThan(0.45);
  });

  it('clamps logvar, and its gradients (through z and kl) match finite differences', () => {
    const huge = layer().apply(
      { mean: tf.zeros([1, 1]), logvar: tf.fill([1, 1], 500) },
      applyCtx(),
    );
    expect(Number.isFinite(huge.kl!.dataSync()[0]!)).toBe(true);
    const mean = tf.randomNormal([3, 4], 0, 1, 'float32', 3);
    const lv = tf.randomNormal([3, 4], 0, 0.5, 'float32', 4);
    const w = tf.randomNormal([3, 4], 0, 1, 'float32', 5);
    // The same noise at every evaluation (rng reseeded), so the loss is a smooth function.
    const loss = (m: tf.Tensor, l: tf.Tensor): tf.Tensor => {
      const out = layer().apply({ mean: m, logvar: l }, applyCtx({ rng: testRng(9) }));
      return tf.add(tf.sum(tf.mul(out.z!, w)), out.kl!);
    };
    expect(gradientCheck(tf, (m) => loss(m, lv), mean).maxError).toBeLessThan(2e-2);
    expect(gradientCheck(tf, (l) => loss(mean, l), lv).maxError).toBeLessThan(2e-2);
  });
});
