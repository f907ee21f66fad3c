import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../shared/test-helpers';
import { flattenNode } from './flatten.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('shape/flatten', () => {
  it('keeps the first axis and multiplies out the rest, symbolically too', () => {
    expect(infer(flattenNode, { x: tensorType('float32', ['B', 7, 7, 64]) }).outputs['y']).toEqual(
      tensorType('float32', ['B', 3136]),
    );
    expect(
      infer(flattenNode, { x: tensorType('float32', ['B', 'H', 'W', 8]) }).outputs['y'],
    ).toEqual(tensorType('float32', ['B', 'H*W*8']));
    expect(infer(flattenNode, { x: tensorType('int32', [3, 5]) }).outputs['y']).toEqual(
      tensorType('int32', [3, 5]),
    );
  });

  it('reports a rank-1 input and a missing input', () => {
    const d = infer(flattenNode, { x: tensorType('float32', ['B']) }).diagnostics;
    expect(d[0]?.port).toBe('x');
    expect(d[0]?.message).toMatch(/rank 1.*rank 2 or more/);
    expect(infer(flattenNode, {}).diagnostics[0]?.message).toMatch(/Connect/);
  });

  it('flattens in row-major order with no weights and passes gradients', async () => {
    const layer = await buildLayer(tf, flattenNode, {}, { x: tensorType('float32', ['B', 2, 3]) });
    const x = tf.tensor3d([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [
        [7, 8, 9],
        [10, 11, 12],
      ],
    ]);
    const y = run(layer, { x }, 'y');
    expect(y.shape).toEqual([2, 6]);
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(countParams(layer.weights)).toBe(0);
    expect(projectedGradientError(tf, layer, { x }, 'x', 'y')).toBeLessThan(1e-2);
  });
});
