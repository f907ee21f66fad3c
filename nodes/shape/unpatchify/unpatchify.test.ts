import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { patchifyNode } from '../patchify/patchify.node';
import { buildLayer, projectedGradientError, run } from '../shared/test-helpers';
import { unpatchifyNode } from './unpatchify.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('shape/unpatchify', () => {
  it('rebuilds H x W x C from height/width or a square grid', () => {
    expect(
      infer(unpatchifyNode, { tokens: t('B', 49, 16) }, { patch: 4 }).outputs['image'],
    ).toEqual(t('B', 28, 28, 1));
    expect(
      infer(unpatchifyNode, { tokens: t('B', 8, 192) }, { patch: 8, height: 32, width: 16 })
        .outputs['image'],
    ).toEqual(t('B', 32, 16, 3));
    expect(
      infer(unpatchifyNode, { tokens: t('B', 'N', 48) }, { patch: 4, height: 8, width: 8 }).outputs[
        'image'
      ],
    ).toEqual(t('B', 8, 8, 3));
  });

  it('reports each mismatch with the fix', () => {
    const msg = (tokens: ReturnType<typeof t>, p: Record<string, unknown>) =>
      infer(unpatchifyNode, { tokens }, p).diagnostics[0]?.message ?? '';
    expect(msg(t('B', 50, 16), { patch: 4 })).toMatch(/50 tokens, not a square number; set height/);
    expect(msg(t('B', 'N', 16), { patch: 4 })).toMatch(/unknown number/);
    expect(msg(t('B', 49, 15), { patch: 4 })).toMatch(/multiple of p\*p = 16/);
    expect(msg(t('B', 49, 16), { patch: 4, height: 28, width: 24 })).toMatch(
      /N = 49 tokens.*\(28\/4\)\(24\/4\) = 42/,
    );
    expect(msg(t('B', 49, 16), { patch: 4, height: 30, width: 28 })).toMatch(
      /multiples of the patch size 4/,
    );
    expect(msg(t('B', 49, 16), { patch: 4, height: 0, width: 28 })).toMatch(/set width to 0/);
    expect(infer(unpatchifyNode, { tokens: t('B', 49) }).diagnostics[0]?.port).toBe('tokens');
  });

  it('is the exact inverse of patchify, square and not, and passes gradients', async () => {
    const image = tf.randomNormal([2, 8, 12, 3], 0, 1, 'float32', 4);
    const p = await buildLayer(tf, patchifyNode, { patch: 4 }, { image: t('B', 8, 12, 3) });
    const u = await buildLayer(
      tf,
      unpatchifyNode,
      { patch: 4, height: 8, width: 12 },
      {
        tokens: t('B', 6, 48),
      },
    );
    const tokens = run(p, { image }, 'tokens');
    const back = run(u, { tokens }, 'image');
    expect(back.shape).toEqual([2, 8, 12, 3]);
    expect(Array.from(back.dataSync())).toEqual(Array.from(image.dataSync()));
    const sq = await buildLayer(tf, unpatchifyNode, { patch: 2 }, { tokens: t('B', 4, 4) });
    const tok = tf.tensor3d([
      [
        [0, 1, 10, 11],
        [2, 3, 12, 13],
        [20, 21, 30, 31],
        [22, 23, 32, 33],
      ],
    ]);
    expect(run(sq, { tokens: tok }, 'image').reshape([4, 4]).arraySync()).toEqual([
      [0, 1, 2, 3],
      [10, 11, 12, 13],
      [20, 21, 22, 23],
      [30, 31, 32, 33],
    ]);
    expect(countParams(u.weights)).toBe(0);
    expect(projectedGradientError(tf, u, { tokens }, 'tokens', 'image')).toBeLessThan(1e-2);
  });
});
