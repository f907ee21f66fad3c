import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { groupNormNode } from './group-norm.node';
import { createGroupNormLayer, groupNormForward } from './group-norm.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const make = (shape: (number | string)[], groups: number) =>
  createGroupNormLayer(tf, { groups, eps: 1e-5 }, buildCtx({ x: tensorType('float32', shape) }));

describe('normalization/group-norm', () => {
  it('keeps NHWC and [B, N, C] shapes with symbolic dims', () => {
    for (const shape of [
      ['B', 'H', 'W', 64],
      ['B', 'N', 64],
    ]) {
      const t = tensorType('float32', shape);
      expect(infer(groupNormNode, { x: t }).outputs.y).toEqual(t);
    }
  });

  it('names the divisors when groups does not divide C', () => {
    const r = infer(groupNormNode, { x: tensorType('float32', ['B', 8, 8, 3]) }, { groups: 4 });
    expect(r.outputs.y).toBeUndefined();
    expect(r.diagnostics).toEqual([
      {
        severity: 'error',
        port: 'x',
        message:
          "'x' has 3 channels but GroupNorm splits into 4 groups; set groups to a divisor of 3 (1 or 3).",
      },
    ]);
    expect(
      infer(groupNormNode, { x: tensorType('float32', ['B', 8, 8, 12]) }, { groups: 32 })
        .diagnostics[0]?.message,
    ).toMatch(/divisor of 12 \(1, 2, 3, 4, 6 or 12\)/);
    expect(
      infer(groupNormNode, { x: tensorType('float32', ['B', 8, 8, 'C']) }).diagnostics[0]?.message,
    ).toMatch(/must be known/);
    expect(infer(groupNormNode, { x: tensorType('float32', [8]) }).diagnostics[0]?.message).toMatch(
      /rank 2 or more/,
    );
  });

  it('has 2C parameters', () => {
    expect(countParams(make(['B', 4, 4, 12], 3).weights)).toBe(24);
  });

  it('normalises each (sample, group) over H, W and the group channels', () => {
    const layer = make(['B', 2, 3, 4], 2);
    layer.weights.gamma!.assign(tf.tensor1d([1, 2, 3, 4]));
    layer.weights.beta!.assign(tf.tensor1d([0, 1, 0, -1]));
    const x = tf.randomNormal([2, 2, 3, 4], 2, 3, 'float32', 7);
    const y = layer.apply({ x }, applyCtx()).y!.arraySync() as number[][][][];
    const xv = x.arraySync() as number[][][][];
    const [g, b] = [
      [1, 2, 3, 4],
      [0, 1, 0, -1],
    ];
    for (let n = 0; n < 2; n++)
      for (let grp = 0; grp < 2; grp++) {
        const vals: number[] = [];
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 3; j++)
            for (let c = 2 * grp; c < 2 * grp + 2; c++) vals.push(xv[n]![i]![j]![c]!);
        const mu = vals.reduce((s, a) => s + a, 0) / vals.length;
        const va = vals.reduce((s, a) => s + (a - mu) ** 2, 0) / vals.length;
        for (let i = 0; i < 2; i++)
          for (let j = 0; j < 3; j++)
            for (let c = 2 * grp; c < 2 * grp + 2; c++)
              expect(y[n]![i]![j]![c]).toBeCloseTo(
                ((xv[n]![i]![j]![c]! - mu) / Math.sqrt(va + 1e-5)) * g[c]! + b[c]!,
                4,
              );
      }
  });

  it('with groups = 1 on [B, N, C] equals normalising each sample over all of N and C', () => {
    const layer = make(['B', 5, 3], 1);
    const x = tf.randomNormal([2, 5, 3], 0, 2, 'float32', 9);
    const y = layer.apply({ x }, applyCtx()).y!;
    const { mean, variance } = tf.moments(x, [1, 2], true);
    const ref = tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5)));
    expect(tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('has correct gradients for x and gamma', () => {
    const layer = make(['B', 3, 3, 4], 2);
    const x = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 3);
    const r = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 4);
    const gx = gradientCheck(tf, (a) => tf.sum(tf.mul(layer.apply({ x: a }, applyCtx()).y!, r)), x);
    expect(gx.maxError).toBeLessThan(1e-2);
    const gg = gradientCheck(
      tf,
      (g) => tf.sum(tf.mul(groupNormForward(tf, x, g, layer.weights.beta!, 2, 1e-5), r)),
      layer.weights.gamma!,
    );
    expect(gg.maxError).toBeLessThan(1e-2);
  });
});
