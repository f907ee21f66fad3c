import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../shared/test-helpers';
import { concatNode } from './concat.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('shape/concat', () => {
  it('adds known sizes and sums symbolic ones along the axis', () => {
    expect(infer(concatNode, { a: t('B', 8, 8, 64), b: t('B', 8, 8, 32) }).outputs['y']).toEqual(
      t('B', 8, 8, 96),
    );
    expect(
      infer(concatNode, { a: t('B', 'N', 16), b: t('B', 'M', 16), c: t('B', 4, 16) }, { axis: 1 })
        .outputs['y'],
    ).toEqual(t('B', 'N+M+4', 16));
    expect(infer(concatNode, { a: t('B', 'C1'), b: t('B', 'C2') }).outputs['y']).toEqual(
      t('B', 'C1+C2'),
    );
    expect(
      infer(concatNode, { a: t(2, 3), b: t(2, 3), c: t(2, 3), d: t(2, 3) }, { axis: 0 }).outputs[
        'y'
      ],
    ).toEqual(t(8, 3));
  });

  it('reports a mismatch on the offending port, naming both shapes and the fix', () => {
    const d = infer(concatNode, { a: t('B', 16, 16, 64), b: t('B', 8, 8, 32) }).diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]?.port).toBe('b');
    expect(d[0]?.message).toMatch(
      /'b' is B x 8 x 8 x 32 but 'a' is B x 16 x 16 x 64.*axis 3.*resize/,
    );
    const c = infer(concatNode, { a: t('B', 4), b: t('B', 4), c: t('B', 4, 1) }).diagnostics;
    expect(c[0]?.port).toBe('c');
    expect(c[0]?.message).toMatch(/rank 3.*rank 2/);
    expect(
      infer(concatNode, { a: t('B', 4), b: t('B', 4) }, { axis: 2 }).diagnostics[0]?.message,
    ).toMatch(/axis 2 is outside a/);
    expect(infer(concatNode, { a: t('B', 4) }).diagnostics.map((x) => x.port)).toEqual(['b']);
    expect(
      infer(concatNode, { a: t('B', 4), b: tensorType('int32', ['B', 4]) }).diagnostics[0]?.message,
    ).toMatch(/int32.*float32/);
  });

  it('matches tf.concat on the last and a middle axis and passes gradients to every part', async () => {
    const a = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const b = tf.randomNormal([2, 3, 2], 0, 1, 'float32', 2);
    const c = tf.randomNormal([2, 3, 1], 0, 1, 'float32', 3);
    const types = { a: t('B', 3, 4), b: t('B', 3, 2), c: t('B', 3, 1) };
    const layer = await buildLayer(tf, concatNode, { axis: -1 }, types);
    const y = run(layer, { a, b, c }, 'y');
    expect(y.shape).toEqual([2, 3, 7]);
    const ref = tf.concat([a, b, c], 2);
    expect(tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]).toBe(0);
    expect(Array.from(y.slice([1, 2, 4], [1, 1, 2]).dataSync())).toEqual(
      Array.from(b.slice([1, 2, 0], [1, 1, 2]).dataSync()),
    );
    expect(countParams(layer.weights)).toBe(0);
    for (const port of ['a', 'b', 'c'])
      expect(projectedGradientError(tf, layer, { a, b, c }, port, 'y')).toBeLessThan(1e-2);
    const mid = await buildLayer(tf, concatNode, { axis: 1 }, { a: t('B', 3, 4), b: t('B', 2, 4) });
    const b2 = tf.randomNormal([2, 2, 4], 0, 1, 'float32', 4);
    expect(run(mid, { a, b: b2 }, 'y').shape).toEqual([2, 5, 4]);
  });
});
