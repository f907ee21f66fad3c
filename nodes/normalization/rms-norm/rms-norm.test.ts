import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { rmsNormNode } from './rms-norm.node';
import { createRmsNormLayer, rmsNormForward } from './rms-norm.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const make = (c: number) =>
  createRmsNormLayer(tf, { eps: 1e-6 }, buildCtx({ x: tensorType('float32', ['B', 'N', c]) }));

describe('normalization/rms-norm', () => {
  it('keeps the shape and needs a known last axis', () => {
    const t = tensorType('float32', ['B', 'N', 8]);
    expect(infer(rmsNormNode, { x: t }).outputs.y).toEqual(t);
    const r = infer(rmsNormNode, { x: tensorType('float32', ['B', 'N', 'D']) });
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', port: 'x' });
    expect(r.diagnostics[0]?.message).toMatch(/'D'.*must be known/);
    expect(infer(rmsNormNode, { x: tensorType('float32', []) }).diagnostics[0]?.message).toMatch(
      /scalar/,
    );
  });

  it('has C parameters (gamma only)', () => {
    expect(Object.keys(make(7).weights)).toEqual(['gamma']);
    expect(countParams(make(7).weights)).toBe(7);
  });

  it('matches x / sqrt(mean(x^2) + eps) * gamma, and does not centre', () => {
    const layer = make(3);
    layer.weights.gamma!.assign(tf.tensor1d([1, 2, -0.5]));
    const x = tf.tensor2d([
      [3, 4, 0],
      [1, 1, 1],
    ]);
    const y = layer.apply({ x }, applyCtx()).y!.arraySync() as number[][];
    const rms0 = Math.sqrt(25 / 3 + 1e-6);
    expect(y[0]![0]).toBeCloseTo(3 / rms0, 5);
    expect(y[0]![1]).toBeCloseTo((4 / rms0) * 2, 5);
    expect(y[0]![2]).toBeCloseTo(0, 6);
    // A constant vector stays constant (LayerNorm would map it to 0).
    expect(y[1]).toEqual([expect.closeTo(1, 5), expect.closeTo(2, 5), expect.closeTo(-0.5, 5)]);
  });

  it('has correct gradients for x and gamma', () => {
    const layer = make(6);
    const x = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 3);
    const r = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 4);
    const gx = gradientCheck(tf, (a) => tf.sum(tf.mul(layer.apply({ x: a }, applyCtx()).y!, r)), x);
    expect(gx.maxError).toBeLessThan(1e-2);
    const gg = gradientCheck(
      tf,
      (g) => tf.sum(tf.mul(rmsNormForward(tf, x, g, 1e-6), r)),
      layer.weights.gamma!,
    );
    expect(gg.maxError).toBeLessThan(1e-2);
  });
});
