import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../../shape/shared/test-helpers';
import { maxPoolNode } from './max-pool.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('resample/max-pool', () => {
  it('infers shapes and reports a window larger than the image', () => {
    expect(infer(maxPoolNode, { x: t('B', 28, 28, 8) }).outputs['y']).toEqual(t('B', 14, 14, 8));
    expect(
      infer(maxPoolNode, { x: t('B', 'H', 'W', 8) }, { size: 3, stride: 1 }).outputs['y'],
    ).toEqual(t('B', 'H-2', 'W-2', 8));
    expect(infer(maxPoolNode, { x: t('B', 8, 1, 1) }, { size: 2 }).diagnostics[0]?.message).toMatch(
      /W = 1 .* smaller than the 2 x 2 window/,
    );
  });

  it('takes window maxima and sends the gradient to the maxima only', async () => {
    const layer = await buildLayer(tf, maxPoolNode, { size: 2 }, { x: t('B', 4, 4, 1) });
    const x = tf.tensor4d([1, 9, 2, 3, 4, 5, 8, 0, 7, 6, 1, 1, 0, 2, 3, 11], [1, 4, 4, 1]);
    expect(run(layer, { x }, 'y').reshape([2, 2]).arraySync()).toEqual([
      [9, 8],
      [7, 11],
    ]);
    expect(countParams(layer.weights)).toBe(0);
    const g = tf.grad((a: tf.Tensor) => tf.sum(run(layer, { x: a }, 'y')))(x);
    expect(Array.from(g.dataSync())).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    // Distinct, well-separated values so that finite differences do not cross a tie.
    const vals = [...Array(2 * 6 * 6 * 2).keys()].map((i) => ((i * 37) % 144) * 0.1);
    const xr = tf.tensor4d(vals, [2, 6, 6, 2]);
    const same = await buildLayer(
      tf,
      maxPoolNode,
      { size: 3, stride: 2, padding: 'same' },
      {
        x: t('B', 6, 6, 2),
      },
    );
    expect(run(same, { x: xr }, 'y').shape).toEqual([2, 3, 3, 2]);
    expect(projectedGradientError(tf, same, { x: xr }, 'x', 'y', { eps: 1e-2 })).toBeLessThan(1e-2);
  });
});
