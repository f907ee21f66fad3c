import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { testRng } from '../../shared/test-kit';
import { gradientCheck } from '../../shared/gradient-check';
import { dropoutNode } from './dropout.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const build = async (rate: number) =>
  dropoutNode.build(tf, paramsOf(dropoutNode, { rate }) as never, buildCtx({}));

describe('math/dropout', () => {
  it('keeps the shape', () => {
    expect(infer(dropoutNode, { x: tensorType('float32', ['B', 'N', 64]) }).outputs['y']).toEqual(
      tensorType('float32', ['B', 'N', 64]),
    );
  });

  it('is the identity at evaluation', async () => {
    const layer = await build(0.5);
    expect(countParams(layer.weights)).toBe(0);
    const x = tf.tensor1d([1, -2, 3, 4]);
    expect(layer.apply({ x }, applyCtx({ training: false }))['y']?.arraySync()).toEqual([
      1, -2, 3, 4,
    ]);
  });

  it('draws the same mask from the same rng seed, another from another', async () => {
    const layer = await build(0.5);
    const x = tf.ones([256]);
    const mask = (seed: number) =>
      Array.from(layer.apply({ x }, applyCtx({ rng: testRng(seed) }))['y']!.dataSync());
    expect(mask(11)).toEqual(mask(11));
    expect(mask(11)).not.toEqual(mask(12));
  });

  it('drops about rate of the elements and preserves the mean (inverted scaling)', async () => {
    const layer = await build(0.5);
    const y = Array.from(layer.apply({ x: tf.ones([10000]) }, applyCtx())['y']!.dataSync());
    const zeros = y.filter((v) => v === 0).length;
    expect(zeros / 10000).toBeGreaterThan(0.47);
    expect(zeros / 10000).toBeLessThan(0.53);
    expect(y.every((v) => v === 0 || Math.abs(v - 2) < 1e-6)).toBe(true);
    const mean = y.reduce((s, v) => s + v, 0) / y.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.05);
  });

  it('passes the gradient through the kept elements only, scaled', async () => {
    const layer = await build(0.3);
    const x = tf.tensor1d([0.5, -1, 2, 0.1, 0.7, -0.3, 1.2, 0.9]);
    const seedOf = 5;
    const f = (a: tf.Tensor) =>
      tf.sum(tf.square(layer.apply({ x: a }, applyCtx({ rng: testRng(seedOf) }))['y']!));
    expect(gradientCheck(tf, f, x).maxError).toBeLessThan(1e-2);
    const g = tf
      .grad((a: tf.Tensor) =>
        tf.sum(layer.apply({ x: a }, applyCtx({ rng: testRng(seedOf) }))['y']!),
      )(x)
      .dataSync();
    expect(Array.from(g).every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-5)).toBe(true);
  });
});
