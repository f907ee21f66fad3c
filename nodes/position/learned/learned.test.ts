import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../../shape/shared/test-helpers';
import { learnedPositionsNode } from './learned.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('position/learned', () => {
  it('keeps the shape and checks N against maxLength', () => {
    expect(infer(learnedPositionsNode, { x: t('B', 'N', 64) }).outputs['y']).toEqual(
      t('B', 'N', 64),
    );
    expect(
      infer(learnedPositionsNode, { x: t('B', 16, 64) }, { maxLength: 16 }).diagnostics,
    ).toEqual([]);
    const d = infer(learnedPositionsNode, { x: t('B', 17, 64) }, { maxLength: 16 }).diagnostics;
    expect(d[0]?.port).toBe('x');
    expect(d[0]?.message).toMatch(
      /N = 17 tokens but maxLength is 16; set maxLength to at least 17/,
    );
    expect(infer(learnedPositionsNode, { x: t('B', 8, 'D') }).diagnostics[0]?.message).toMatch(
      /width D/,
    );
    expect(infer(learnedPositionsNode, { x: t('B', 8) }).diagnostics[0]?.message).toMatch(/rank-3/);
  });

  it('has a maxLength x D table from normal(0, 0.02), seeded, and adds its first N rows', async () => {
    const layer = await buildLayer(
      tf,
      learnedPositionsNode,
      { maxLength: 50 },
      { x: t('B', 'N', 40) },
    );
    expect(countParams(layer.weights)).toBe(50 * 40);
    const table = layer.weights['table']!;
    expect(table.shape).toEqual([50, 40]);
    const { mean, variance } = tf.moments(table);
    expect(Math.abs(mean.dataSync()[0]!)).toBeLessThan(0.003);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeGreaterThan(0.017);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeLessThan(0.023);
    const again = await buildLayer(
      tf,
      learnedPositionsNode,
      { maxLength: 50 },
      { x: t('B', 'N', 40) },
    );
    expect(Array.from(again.weights['table']!.dataSync())).toEqual(Array.from(table.dataSync()));
    const x = tf.randomNormal([2, 7, 40], 0, 1, 'float32', 3);
    const y = run(layer, { x }, 'y');
    const want = tf.add(x, tf.slice(table, [0, 0], [7, 40]));
    expect(tf.max(tf.abs(tf.sub(y, want))).dataSync()[0]).toBe(0);
    expect(() => run(layer, { x: tf.zeros([1, 51, 40]) }, 'y')).toThrow(/maxLength is 50/);
  });

  it('passes gradients to x and to the table rows it used', async () => {
    const layer = await buildLayer(tf, learnedPositionsNode, { maxLength: 5 }, { x: t('B', 3, 4) });
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 4);
    expect(projectedGradientError(tf, layer, { x }, 'x', 'y')).toBeLessThan(1e-2);
    const { grads } = tf.variableGrads(() => tf.sum(run(layer, { x }, 'y')) as tf.Scalar);
    const g = grads['table'] ?? Object.values(grads)[0]!;
    // Each of the first 3 rows is added to both examples; rows 3 and 4 are unused.
    expect(Array.from(g.dataSync())).toEqual([...Array(12).fill(2), ...Array(8).fill(0)]);
  });
});
