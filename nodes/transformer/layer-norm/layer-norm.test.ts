import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../../attention/test-context';
import { layerNormNode } from './layer-norm.node';
import { createLayerNorm } from './layer-norm.layer';

describe('transformer/layer-norm', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps the shape and needs a known last axis', () => {
    expect(
      inferWith(layerNormNode, { eps: 1e-5 }, { x: tensorType('float32', ['B', 7, 7, 16]) })
        .outputs['y'],
    ).toEqual(tensorType('float32', ['B', 7, 7, 16]));
    expect(
      inferWith(layerNormNode, { eps: 1e-5 }, { x: tensorType('float32', ['B', 'C']) })
        .diagnostics[0]?.message,
    ).toMatch(/known size/);
  });

  it('normalises each vector and is invariant to the input scale', () => {
    const layer = createLayerNorm(tf, { eps: 1e-10 }, buildContext({ x: ['float32', [2, 3, 4]] }));
    const x = tf.randomNormal([2, 3, 4], 0.5, 2, 'float32', 1);
    const y = layer.apply({ x }, applyContext())['y']!;
    const { mean, variance } = tf.moments(y, -1);
    for (const m of mean.dataSync()) expect(Math.abs(m)).toBeLessThan(1e-5);
    for (const v of variance.dataSync()) expect(v).toBeCloseTo(1, 4);
    const small = layer.apply({ x: tf.mul(x, 0.001) }, applyContext())['y']!;
    expect(tf.max(tf.abs(tf.sub(small, y))).dataSync()[0]).toBeLessThan(1e-3);
  });
});
