import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../shared/test-helpers';
import { permuteNode } from './permute.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('shape/permute', () => {
  it('reorders dims, symbolic ones included', () => {
    expect(
      infer(permuteNode, { x: tensorType('float32', ['B', 'N', 64]) }, { perm: [0, 2, 1] }).outputs[
        'y'
      ],
    ).toEqual(tensorType('float32', ['B', 64, 'N']));
    expect(
      infer(permuteNode, { x: tensorType('float32', ['B', 28, 28, 3]) }, { perm: [0, 3, 1, 2] })
        .outputs['y'],
    ).toEqual(tensorType('float32', ['B', 3, 28, 28]));
  });

  it('reports a perm that is not a permutation of the axes', () => {
    const x = tensorType('float32', ['B', 'N', 64]);
    for (const perm of [
      [0, 1],
      [0, 1, 1],
      [0, 1, 3],
      [0, 1, 2, 3],
    ]) {
      const d = infer(permuteNode, { x }, { perm }).diagnostics;
      expect(d).toHaveLength(1);
      expect(d[0]?.port).toBe('x');
      expect(d[0]?.message).toMatch(/not a permutation of the 3 axes of x \(B x N x 64\).*0, 1, 2/);
    }
  });

  it('matches tf.transpose and passes gradients', async () => {
    const layer = await buildLayer(
      tf,
      permuteNode,
      { perm: [0, 2, 1] },
      {
        x: tensorType('float32', ['B', 2, 3]),
      },
    );
    const x = tf.tensor3d([
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    ]);
    const y = run(layer, { x }, 'y');
    expect(y.shape).toEqual([1, 3, 2]);
    expect(Array.from(await y.data())).toEqual([1, 4, 2, 5, 3, 6]);
    expect(countParams(layer.weights)).toBe(0);
    const x2 = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5);
    expect(projectedGradientError(tf, layer, { x: x2 }, 'x', 'y')).toBeLessThan(1e-2);
  });
});
