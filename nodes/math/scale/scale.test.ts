import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { scaleNode } from './scale.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('math/scale', () => {
  it('keeps the shape', () => {
    expect(infer(scaleNode, { x: tensorType('float32', ['B', 28, 28, 1]) }).outputs['y']).toEqual(
      tensorType('float32', ['B', 28, 28, 1]),
    );
    expect(infer(scaleNode, {}).diagnostics[0]?.port).toBe('x');
  });

  it('computes x * factor + shift (identity by default) and has the right gradient', async () => {
    const build = async (given: Record<string, unknown>) =>
      scaleNode.build(tf, paramsOf(scaleNode, given) as never, buildCtx({}));
    const x = tf.tensor1d([0, 0.5, 1]);
    expect((await build({})).apply({ x }, applyCtx())['y']?.arraySync()).toEqual([0, 0.5, 1]);
    const layer = await build({ factor: 2, shift: -1 });
    expect(countParams(layer.weights)).toBe(0);
    expect(layer.apply({ x }, applyCtx())['y']?.arraySync()).toEqual([-1, 0, 1]);
    const f = (a: tf.Tensor) => tf.sum(tf.square(layer.apply({ x: a }, applyCtx())['y']!));
    expect(gradientCheck(tf, f, tf.tensor1d([0.2, -0.4, 0.9])).maxError).toBeLessThan(1e-2);
  });
});
