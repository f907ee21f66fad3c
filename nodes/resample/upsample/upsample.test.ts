import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../../shape/shared/test-helpers';
import { upsampleNode } from './upsample.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

/** PyTorch's bilinear, align_corners=False, written out pixel by pixel. */
const torchBilinear = (x: number[][], s: number): number[][] => {
  const h = x.length;
  const w = x[0]!.length;
  const src = (o: number, n: number) => {
    const f = Math.max((o + 0.5) / s - 0.5, 0);
    const i0 = Math.floor(f);
    return { i0, i1: Math.min(i0 + 1, n - 1), l: f - i0 };
  };
  return [...Array(h * s).keys()].map((oy) =>
    [...Array(w * s).keys()].map((ox) => {
      const a = src(oy, h);
      const b = src(ox, w);
      const v = (r: number, c: number) => x[r]![c]!;
      return (
        (1 - a.l) * ((1 - b.l) * v(a.i0, b.i0) + b.l * v(a.i0, b.i1)) +
        a.l * ((1 - b.l) * v(a.i1, b.i0) + b.l * v(a.i1, b.i1))
      );
    }),
  );
};

describe('resample/upsample', () => {
  it('multiplies H and W by the factor, symbolic dims too', () => {
    expect(infer(upsampleNode, { x: t('B', 7, 7, 64) }).outputs['y']).toEqual(t('B', 14, 14, 64));
    expect(infer(upsampleNode, { x: t('B', 'H/4', 'W', 8) }, { factor: 2 }).outputs['y']).toEqual(
      t('B', 'H/2', 'W*2', 8),
    );
    const d = infer(upsampleNode, { x: t('B', 49, 64) }).diagnostics;
    expect(d[0]?.port).toBe('x');
    expect(d[0]?.message).toMatch(/rank-4/);
  });

  it('nearest repeats each pixel factor x factor times', async () => {
    const layer = await buildLayer(tf, upsampleNode, { factor: 2 }, { x: t('B', 2, 2, 1) });
    const y = run(layer, { x: tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]) }, 'y');
    expect(y.reshape([4, 4]).arraySync()).toEqual([
      [1, 1, 2, 2],
      [1, 1, 2, 2],
      [3, 3, 4, 4],
      [3, 3, 4, 4],
    ]);
    expect(countParams(layer.weights)).toBe(0);
    const x = tf.randomNormal([2, 3, 2, 2], 0, 1, 'float32', 1);
    const ref = tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [9, 6]);
    const l3 = await buildLayer(tf, upsampleNode, { factor: 3 }, { x: t('B', 3, 2, 2) });
    expect(Array.from(run(l3, { x }, 'y').dataSync())).toEqual(Array.from(ref.dataSync()));
  });

  it("bilinear matches PyTorch's align_corners=False", async () => {
    const l2 = await buildLayer(
      tf,
      upsampleNode,
      { factor: 2, mode: 'bilinear' },
      { x: t('B', 1, 2, 1) },
    );
    const row = run(l2, { x: tf.tensor4d([0, 1], [1, 1, 2, 1]) }, 'y');
    expect(Array.from(row.dataSync())).toEqual([0, 0.25, 0.75, 1, 0, 0.25, 0.75, 1]);
    const img = [
      [1, 5, 2],
      [0, -3, 4],
    ];
    for (const s of [2, 3, 4]) {
      const layer = await buildLayer(
        tf,
        upsampleNode,
        { factor: s, mode: 'bilinear' },
        {
          x: t('B', 2, 3, 1),
        },
      );
      const y = run(layer, { x: tf.tensor4d(img.flat(), [1, 2, 3, 1]) }, 'y');
      const want = torchBilinear(img, s).flat();
      const got = Array.from(y.dataSync());
      expect(got).toHaveLength(want.length);
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
    }
    // Same forward values as TF's half-pixel-centre resize, with several channels.
    const x = tf.randomNormal([2, 4, 3, 3], 0, 1, 'float32', 2);
    const layer = await buildLayer(
      tf,
      upsampleNode,
      { factor: 2, mode: 'bilinear' },
      {
        x: t('B', 4, 3, 3),
      },
    );
    const ref = tf.image.resizeBilinear(x as tf.Tensor4D, [8, 6], false, true);
    expect(tf.max(tf.abs(tf.sub(run(layer, { x }, 'y'), ref))).dataSync()[0]).toBeLessThan(1e-5);
  });

  it('passes gradients in both modes', async () => {
    const x = tf.randomNormal([2, 3, 4, 2], 0, 1, 'float32', 3);
    for (const mode of ['nearest', 'bilinear']) {
      const layer = await buildLayer(tf, upsampleNode, { factor: 2, mode }, { x: t('B', 3, 4, 2) });
      expect(projectedGradientError(tf, layer, { x }, 'x', 'y')).toBeLessThan(1e-2);
    }
  });
});
