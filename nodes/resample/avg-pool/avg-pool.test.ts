import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../../shape/shared/test-helpers';
import { avgPoolNode } from './avg-pool.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('resample/avg-pool', () => {
  it('infers valid and same shapes, stride 0 = size', () => {
    expect(infer(avgPoolNode, { x: t('B', 28, 28, 8) }).outputs['y']).toEqual(t('B', 14, 14, 8));
    expect(infer(avgPoolNode, { x: t('B', 7, 7, 8) }, { size: 3, stride: 2 }).outputs['y']).toEqual(
      t('B', 3, 3, 8),
    );
    expect(
      infer(avgPoolNode, { x: t('B', 7, 'W', 8) }, { size: 2, padding: 'same' }).outputs['y'],
    ).toEqual(t('B', 4, 'W/2', 8));
  });

  it('reports a window larger than the image with valid padding', () => {
    const d = infer(avgPoolNode, { x: t('B', 2, 8, 1) }, { size: 3 }).diagnostics;
    expect(d[0]?.port).toBe('x');
    expect(d[0]?.message).toMatch(
      /H = 2 of x \(B x 2 x 8 x 1\) is smaller than the 3 x 3 window.*'same'/,
    );
    expect(
      infer(avgPoolNode, { x: t('B', 2, 8, 1) }, { size: 3, padding: 'same' }).diagnostics,
    ).toEqual([]);
  });

  it('averages windows (hand-computed) and passes gradients', async () => {
    const layer = await buildLayer(tf, avgPoolNode, { size: 2 }, { x: t('B', 4, 4, 1) });
    const x = tf.range(0, 16).reshape([1, 4, 4, 1]);
    const y = run(layer, { x: tf.cast(x, 'float32') }, 'y');
    expect(y.reshape([2, 2]).arraySync()).toEqual([
      [2.5, 4.5],
      [10.5, 12.5],
    ]);
    expect(countParams(layer.weights)).toBe(0);
    const same = await buildLayer(
      tf,
      avgPoolNode,
      { size: 2, padding: 'same' },
      {
        x: t('B', 3, 3, 1),
      },
    );
    const x3 = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    // Border windows average only the pixels inside: (3+6)/2, (7+8)/2, 9.
    expect(run(same, { x: x3 }, 'y').reshape([2, 2]).arraySync()).toEqual([
      [3, 4.5],
      [7.5, 9],
    ]);
    const xr = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 4);
    const overlap = await buildLayer(
      tf,
      avgPoolNode,
      { size: 3, stride: 2 },
      { x: t('B', 5, 5, 2) },
    );
    expect(projectedGradientError(tf, overlap, { x: xr }, 'x', 'y')).toBeLessThan(1e-2);
  });
});
