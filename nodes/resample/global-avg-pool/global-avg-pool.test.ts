import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../../shape/shared/test-helpers';
import { globalAvgPoolNode } from './global-avg-pool.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('resample/global-avg-pool', () => {
  it('maps B x H x W x C to B x C', () => {
    expect(infer(globalAvgPoolNode, { x: t('B', 7, 7, 64) }).outputs['y']).toEqual(t('B', 64));
    expect(infer(globalAvgPoolNode, { x: t('B', 'H', 'W', 'C') }).outputs['y']).toEqual(
      t('B', 'C'),
    );
    expect(infer(globalAvgPoolNode, { x: t('B', 64) }).diagnostics[0]?.message).toMatch(/rank-4/);
  });

  it('averages over H and W per channel and passes gradients', async () => {
    const layer = await buildLayer(tf, globalAvgPoolNode, {}, { x: t('B', 2, 2, 2) });
    const x = tf.tensor4d([1, 10, 2, 20, 3, 30, 6, 60], [1, 2, 2, 2]);
    expect(run(layer, { x }, 'y').arraySync()).toEqual([[3, 30]]);
    expect(countParams(layer.weights)).toBe(0);
    const xr = tf.randomNormal([2, 3, 4, 3], 0, 1, 'float32', 6);
    expect(projectedGradientError(tf, layer, { x: xr }, 'x', 'y')).toBeLessThan(1e-2);
  });
});
