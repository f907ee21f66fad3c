import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../shared/test-helpers';
import { sliceNode } from './slice.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('shape/slice', () => {
  it('cuts one axis, to the end with size -1, symbolic dims kept', () => {
    expect(
      infer(sliceNode, { x: t('B', 17, 64) }, { axis: 1, begin: 0, size: 1 }).outputs['y'],
    ).toEqual(t('B', 1, 64));
    expect(
      infer(sliceNode, { x: t('B', 17, 64) }, { axis: 1, begin: 1, size: -1 }).outputs['y'],
    ).toEqual(t('B', 16, 64));
    expect(
      infer(sliceNode, { x: t('B', 'N', 64) }, { axis: 1, begin: 1, size: -1 }).outputs['y'],
    ).toEqual(t('B', 'N-1', 64));
    expect(
      infer(sliceNode, { x: t('B', 'N', 64) }, { axis: -1, begin: 8, size: 8 }).outputs['y'],
    ).toEqual(t('B', 'N', 8));
  });

  it('checks the bounds', () => {
    const msg = (p: Record<string, unknown>) =>
      infer(sliceNode, { x: t('B', 17, 64) }, p).diagnostics[0]?.message ?? '';
    expect(msg({ axis: 1, begin: 17 })).toMatch(
      /begin 17 is past the end of axis 1.*17 entries.*0 and 16/,
    );
    expect(msg({ axis: 1, begin: 10, size: 8 })).toMatch(/10 \+ size 8 = 18 runs past.*at most 7/);
    expect(msg({ axis: 3 })).toMatch(/axis 3 is outside x/);
    expect(msg({ axis: 1, size: 0 })).toMatch(/size positive or -1/);
  });

  it('matches tf.slice and passes gradients', async () => {
    const layer = await buildLayer(
      tf,
      sliceNode,
      { axis: 1, begin: 1, size: 2 },
      { x: t('B', 4, 3) },
    );
    const x = tf.range(0, 24).reshape([2, 4, 3]);
    const y = run(layer, { x }, 'y');
    expect(y.shape).toEqual([2, 2, 3]);
    expect(Array.from(await y.data())).toEqual([3, 4, 5, 6, 7, 8, 15, 16, 17, 18, 19, 20]);
    expect(countParams(layer.weights)).toBe(0);
    const xf = tf.randomNormal([2, 4, 3], 0, 1, 'float32', 2);
    expect(projectedGradientError(tf, layer, { x: xf }, 'x', 'y')).toBeLessThan(1e-2);
  });
});
