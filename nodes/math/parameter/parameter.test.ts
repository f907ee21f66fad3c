import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { parameterNode } from './parameter.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const build = async (given: Record<string, unknown>, seed = 42) =>
  parameterNode.build(tf, paramsOf(parameterNode, given) as never, buildCtx({}, {}, { seed }));

describe('math/parameter', () => {
  it('outputs exactly its shape (16 x 64 by default) and reports a bad size', () => {
    expect(infer(parameterNode, {}).outputs['y']).toEqual(tensorType('float32', [16, 64]));
    expect(infer(parameterNode, {}, { shape: [1, 1, 768] }).outputs['y']).toEqual(
      tensorType('float32', [1, 1, 768]),
    );
    expect(infer(parameterNode, {}, { shape: [-1, 8] }).diagnostics[0]?.message).toMatch(
      /at least 1/,
    );
  });

  it('is one trainable weight of the shape size, N(0, 0.02) by default, seeded', async () => {
    const layer = await build({});
    expect(Object.keys(layer.weights)).toEqual(['value']);
    expect(countParams(layer.weights)).toBe(16 * 64);
    expect(layer.weights['value']?.trainable).toBe(true);
    const v = layer.apply({}, applyCtx())['y']!;
    expect(v.shape).toEqual([16, 64]);
    const { mean, variance } = tf.moments(v);
    expect(Math.abs(mean.dataSync()[0]!)).toBeLessThan(0.003);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(0.02, 2);
    expect(Array.from((await build({})).weights['value']!.dataSync())).toEqual(
      Array.from(v.dataSync()),
    );
    expect(Array.from((await build({}, 43)).weights['value']!.dataSync())).not.toEqual(
      Array.from(v.dataSync()),
    );
  });

  it('honours the other initialisers', async () => {
    expect(
      Array.from((await build({ shape: [3], init: 'zeros' })).weights['value']!.dataSync()),
    ).toEqual([0, 0, 0]);
    expect(
      Array.from((await build({ shape: [3], init: 'ones' })).weights['value']!.dataSync()),
    ).toEqual([1, 1, 1]);
    const n1 = (await build({ shape: [4000], init: 'normal-1' })).weights['value']!;
    expect(Math.sqrt(tf.moments(n1).variance.dataSync()[0]!)).toBeCloseTo(1, 1);
  });

  it('receives the gradient of what it feeds', async () => {
    const layer = await build({ shape: [2, 3] });
    const w = layer.weights['value']!;
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply({}, applyCtx())['y']!, tf.tensor1d([1, 2, 3]))) as tf.Scalar,
      [w],
    );
    expect(grads[w.name]?.arraySync()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });
});
