import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { sumNode } from './sum.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x4 = tensorType('float32', ['B', 7, 7, 64]);

describe('math/sum', () => {
  it('drops or keeps the reduced axes, negative axes included, symbolic dims kept', () => {
    expect(infer(sumNode, { x: x4 }, { axes: [1, 2] }).outputs['y']).toEqual(
      tensorType('float32', ['B', 64]),
    );
    expect(infer(sumNode, { x: x4 }, { axes: [-3, -2], keepDims: true }).outputs['y']).toEqual(
      tensorType('float32', ['B', 1, 1, 64]),
    );
    expect(infer(sumNode, { x: x4 }).outputs['y']).toEqual(tensorType('float32', []));
    expect(infer(sumNode, { x: x4 }, { keepDims: true }).outputs['y']).toEqual(
      tensorType('float32', [1, 1, 1, 1]),
    );
  });

  it('reports an out-of-range or repeated axis on x', () => {
    const r = infer(sumNode, { x: x4 }, { axes: [4] });
    expect(r.outputs).toEqual({});
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', port: 'x' });
    expect(r.diagnostics[0]?.message).toMatch(/Axis 4 .*rank-4 .*-4 to 3/);
    expect(infer(sumNode, { x: x4 }, { axes: [-5] }).diagnostics).toHaveLength(1);
    expect(infer(sumNode, { x: x4 }, { axes: [3, -1] }).diagnostics[0]?.message).toMatch(/twice/);
    expect(infer(sumNode, {}).diagnostics[0]?.port).toBe('x');
  });

  it('matches hand-computed values and has the right gradient', async () => {
    const build = async (given: Record<string, unknown>) =>
      sumNode.build(tf, paramsOf(sumNode, given) as never, buildCtx({}));
    const x = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const run = async (given: Record<string, unknown>) =>
      (await build(given)).apply({ x }, applyCtx())['y']!.arraySync();
    expect(await run({ axes: [0] })).toEqual([5, 7, 9]);
    expect(await run({ axes: [-1], keepDims: true })).toEqual([[6], [15]]);
    expect(await run({})).toBeCloseTo(21, 5);
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
