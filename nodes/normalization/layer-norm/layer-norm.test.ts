import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { layerNormNode } from './layer-norm.node';
import { createLayerNormLayer, layerNormForward } from './layer-norm.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const make = (c: number) =>
  createLayerNormLayer(tf, { eps: 1e-5 }, buildCtx({ x: tensorType('float32', ['B', 'N', c]) }));

describe('normalization/layer-norm', () => {
  it('keeps the shape (symbolic dims untouched) and needs a known float32 last axis', () => {
    const t = tensorType('float32', ['B', 'N', 16]);
    expect(infer(layerNormNode, { x: t }).outputs.y).toEqual(t);
    const r = infer(layerNormNode, { x: tensorType('float32', ['B', 'C']) });
    expect(r.outputs.y).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', port: 'x' });
    expect(r.diagnostics[0]?.message).toMatch(/'C'.*must be known.*gamma and beta/);
    expect(
      infer(layerNormNode, { x: tensorType('int32', ['B', 4]) }).diagnostics[0]?.message,
    ).toMatch(/int32.*cast/);
    expect(infer(layerNormNode, {}).diagnostics[0]?.port).toBe('x');
  });

  it('has 2C parameters: gamma = 1, beta = 0', () => {
    const layer = make(6);
    expect(countParams(layer.weights)).toBe(12);
    expect(Array.from(layer.weights.gamma!.dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('matches (x - mean) / sqrt(var + eps) * gamma + beta per vector', () => {
    const layer = make(4);
    layer.weights.gamma!.assign(tf.tensor1d([1, 2, 0.5, -1]));
    layer.weights.beta!.assign(tf.tensor1d([0, 0.1, -0.2, 3]));
    const x = tf.randomNormal([2, 3, 4], 1, 3, 'float32', 6);
    const y = layer.apply({ x }, applyCtx()).y!.arraySync() as number[][][];
    const xv = x.arraySync() as number[][][];
    const [g, b] = [
      [1, 2, 0.5, -1],
      [0, 0.1, -0.2, 3],
    ];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) {
        const v = xv[i]![j]!;
        const mu = v.reduce((s, a) => s + a, 0) / 4;
        const va = v.reduce((s, a) => s + (a - mu) ** 2, 0) / 4;
        v.forEach((a, k) =>
          expect(y[i]![j]![k]).toBeCloseTo(((a - mu) / Math.sqrt(va + 1e-5)) * g[k]! + b[k]!, 4),
        );
      }
  });

  it('has correct gradients for x and gamma', () => {
    const layer = make(5);
    const x = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 1);
    const r = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 2);
    const gx = gradientCheck(
      tf,
      (a) => tf.sum(tf.mul(layer.apply({ x: a }, applyCtx()).y!, r)),
      x,
      {
        eps: 1e-2,
      },
    );
    expect(gx.maxError).toBeLessThan(1e-2);
    const gg = gradientCheck(
      tf,
      (g) => tf.sum(tf.mul(layerNormForward(tf, x, g, layer.weights.beta!, 1e-5), r)),
      layer.weights.gamma!,
    );
    expect(gg.checked).toBe(5);
    expect(gg.maxError).toBeLessThan(1e-2);
  });
});
