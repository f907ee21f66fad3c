import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, paramsOf } from '../../shared/test-kit';
import { reduceShapeTests } from '../shared/reduce-node-tests';
import { meanNode } from './mean.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('math/mean', () => {
  reduceShapeTests(meanNode);

  it('matches hand-computed values and has the right gradient', async () => {
    const build = async (given: Record<string, unknown>) =>
      meanNode.build(tf, paramsOf(meanNode, given) as never, buildCtx({}));
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const run = async (given: Record<string, unknown>) =>
      (await build(given)).apply({ x }, applyCtx())['y']!.arraySync();
    expect(await run({ axes: [0] })).toEqual([2.5, 3.5, 4.5]);
    expect(await run({ axes: [-1], keepDims: true })).toEqual([[2], [5]]);
    expect(await run({})).toBeCloseTo(3.5, 5);
    const layer = await build({ axes: [1] });
    expect(countParams(layer.weights)).toBe(0);
    const f = (a: tf.Tensor) => tf.sum(tf.square(layer.apply({ x: a }, applyCtx())['y']!));
    expect(
      gradientCheck(
        tf,
        f,
        tf.tensor2d([
          [0.2, -0.4, 0.9],
          [1.3, 0.1, -0.6],
        ]),
      ).maxError,
    ).toBeLessThan(1e-2);
  });
});
