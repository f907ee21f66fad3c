import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../shared/test-helpers';
import { patchifyNode } from './patchify.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('shape/patchify', () => {
  it('gives (H/p)(W/p) tokens of p*p*C values, symbolic dims kept', () => {
    expect(
      infer(patchifyNode, { image: t('B', 28, 28, 1) }, { patch: 4 }).outputs['tokens'],
    ).toEqual(t('B', 49, 16));
    expect(
      infer(patchifyNode, { image: t('B', 32, 16, 3) }, { patch: 8 }).outputs['tokens'],
    ).toEqual(t('B', 8, 192));
    expect(
      infer(patchifyNode, { image: t('B', 'H', 'W', 3) }, { patch: 4 }).outputs['tokens'],
    ).toEqual(t('B', 'H/4*W/4', 48));
  });

  it('reports H or W not divisible by the patch and a wrong rank', () => {
    const d = infer(patchifyNode, { image: t('B', 28, 30, 1) }, { patch: 8 }).diagnostics;
    expect(d[0]?.port).toBe('image');
    expect(d[0]?.message).toMatch(
      /H = 28 of image \(B x 28 x 30 x 1\) is not divisible by the patch size 8/,
    );
    expect(
      infer(patchifyNode, { image: t('B', 28, 30, 1) }, { patch: 4 }).diagnostics[0]?.message,
    ).toMatch(/W = 30/);
    expect(infer(patchifyNode, { image: t('B', 28, 28) }).diagnostics[0]?.message).toMatch(
      /rank-4/,
    );
  });

  it('orders a 4x4 image into 2x2 patches row-major, channels last', async () => {
    const layer = await buildLayer(tf, patchifyNode, { patch: 2 }, { image: t('B', 4, 4, 1) });
    // pixel (r, c) holds 10*r + c
    const img = tf.tensor4d(
      [...Array(16).keys()].map((i) => 10 * Math.floor(i / 4) + (i % 4)),
      [1, 4, 4, 1],
    );
    const tokens = run(layer, { image: img }, 'tokens');
    expect(tokens.shape).toEqual([1, 4, 4]);
    expect(tokens.arraySync()).toEqual([
      [
        [0, 1, 10, 11],
        [2, 3, 12, 13],
        [20, 21, 30, 31],
        [22, 23, 32, 33],
      ],
    ]);
    // Two channels: within a patch (row, column, channel).
    const layer2 = await buildLayer(tf, patchifyNode, { patch: 2 }, { image: t('B', 2, 2, 2) });
    const img2 = tf.tensor4d([0, 100, 1, 101, 10, 110, 11, 111], [1, 2, 2, 2]);
    expect(run(layer2, { image: img2 }, 'tokens').arraySync()).toEqual([
      [[0, 100, 1, 101, 10, 110, 11, 111]],
    ]);
    expect(countParams(layer.weights)).toBe(0);
  });

  it('passes gradients', async () => {
    const layer = await buildLayer(tf, patchifyNode, { patch: 2 }, { image: t('B', 4, 6, 2) });
    const image = tf.randomNormal([2, 4, 6, 2], 0, 1, 'float32', 9);
    expect(run(layer, { image }, 'tokens').shape).toEqual([2, 6, 8]);
    expect(projectedGradientError(tf, layer, { image }, 'image', 'tokens')).toBeLessThan(1e-2);
  });
});
