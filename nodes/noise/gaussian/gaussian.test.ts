import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { gaussianNode } from './gaussian.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('noise/gaussian', () => {
  it('infers B x dims', () => {
    expect(infer(gaussianNode, {}, { dims: [7, 7, 16] }).outputs.noise).toEqual(
      tensorType('float32', ['B', 7, 7, 16]),
    );
  });
  it('draws seeded noise with the requested std', async () => {
    const layer = await gaussianNode.build(
      tf,
      paramsOf(gaussianNode, { dims: [1000], std: 2 }) as never,
      buildCtx({}),
    );
    const a = layer.apply({}, applyCtx({ batchSize: 4, rng: testRng(3) })).noise!;
    const b = layer.apply({}, applyCtx({ batchSize: 4, rng: testRng(3) })).noise!;
    expect(a.shape).toEqual([4, 1000]);
    expect(Array.from(await a.data())).toEqual(Array.from(await b.data()));
    const { mean, variance } = tf.moments(a);
    expect(Math.abs((await mean.data())[0]!)).toBeLessThan(0.1);
    expect(Math.sqrt((await variance.data())[0]!)).toBeCloseTo(2, 0);
  });
});
