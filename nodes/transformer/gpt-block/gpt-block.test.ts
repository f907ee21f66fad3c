import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../../attention/test-context';
import { gptBlockNode } from './gpt-block.node';
import { createGptBlock } from './gpt-block.layer';

describe('transformer/gpt-block', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers shapes and counts 12 D^2 + 13 D weights (mlpRatio 4)', () => {
    const r = inferWith(
      gptBlockNode,
      { heads: 2, mlpRatio: 4 },
      { x: tensorType('float32', ['B', 49, 16]) },
    );
    expect(r.outputs['y']).toEqual(tensorType('float32', ['B', 49, 16]));
    const layer = createGptBlock(
      tf,
      { heads: 2, mlpRatio: 4 },
      buildContext({ x: ['float32', [1, 4, 8]] }),
    );
    expect(Object.values(layer.weights).reduce((s, w) => s + w.size, 0)).toBe(12 * 64 + 13 * 8);
  });

  it('is causal: changing a later token leaves earlier outputs unchanged', () => {
    const layer = createGptBlock(
      tf,
      { heads: 2, mlpRatio: 2 },
      buildContext({ x: ['float32', [2, 4, 8]] }),
    );
    const x = tf.randomNormal([2, 4, 8], 0, 1, 'float32', 4);
    const x2 = tf.concat(
      [tf.slice(x, [0, 0, 0], [2, 2, 8]), tf.randomNormal([2, 2, 8], 0, 1, 'float32', 5)],
      1,
    );
    const y = layer.apply({ x }, applyContext())['y']!;
    const y2 = layer.apply({ x: x2 }, applyContext())['y']!;
    expect(
      tf
        .max(tf.abs(tf.sub(tf.slice(y, [0, 0, 0], [2, 2, 8]), tf.slice(y2, [0, 0, 0], [2, 2, 8]))))
        .dataSync()[0],
    ).toBeLessThan(1e-6);
    expect(tf.max(tf.abs(tf.sub(y, y2))).dataSync()[0]).toBeGreaterThan(1e-3);
  });

  it('learns to copy the previous token (a fit loss falls below half)', () => {
    const layer = createGptBlock(
      tf,
      { heads: 1, mlpRatio: 2 },
      buildContext({ x: ['float32', [4, 5, 8]] }),
    );
    const x = tf.randomNormal([4, 5, 8], 0, 1, 'float32', 8);
    const target = tf.concat([tf.zeros([4, 1, 8]), tf.slice(x, [0, 0, 0], [4, 4, 8])], 1);
    const vars = Object.values(layer.weights);
    const loss = (): tf.Scalar =>
      tf.mean(tf.square(tf.sub(layer.apply({ x }, applyContext())['y']!, target)));
    const first = loss().dataSync()[0]!;
    const opt = tf.train.adam(0.02);
    for (let i = 0; i < 80; i++) opt.minimize(loss, false, vars);
    expect(loss().dataSync()[0]!).toBeLessThan(first * 0.5);
  });
});
