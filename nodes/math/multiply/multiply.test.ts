import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { multiplyNode } from './multiply.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (shape: (number | string)[]) => tensorType('float32', shape);

describe('math/multiply', () => {
  it('broadcasts like Add and reports mismatches on b', () => {
    expect(
      infer(multiplyNode, { a: t(['B', 'H', 'W', 8]), b: t(['B', 1, 1, 8]) }).outputs['y'],
    ).toEqual(t(['B', 'H', 'W', 8]));
    const r = infer(multiplyNode, { a: t(['B', 8]), b: t(['B', 4]) });
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', port: 'b' });
    expect(r.diagnostics[0]?.message).toMatch(/B x 8.*B x 4/);
  });

  it('multiplies elementwise with broadcasting and has the right gradient', async () => {
    const layer = await multiplyNode.build(tf, paramsOf(multiplyNode) as never, buildCtx({}));
    expect(countParams(layer.weights)).toBe(0);
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.tensor2d([[2], [-1]]);
    expect(layer.apply({ a, b }, applyCtx())['y']?.arraySync()).toEqual([
      [2, 4],
      [-3, -4],
    ]);
    const f = (x: tf.Tensor) =>
      tf.sum(tf.square(layer.apply({ a: x, b: tf.tensor1d([0.5, -2]) }, applyCtx())['y']!));
    expect(
      gradientCheck(
        tf,
        f,
        tf.tensor2d([
          [0.3, -0.7],
          [1.1, 0.2],
        ]),
      ).maxError,
    ).toBeLessThan(1e-2);
  });
});
