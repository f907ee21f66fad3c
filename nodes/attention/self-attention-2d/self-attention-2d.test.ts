import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../test-context';
import { selfAttention2dNode } from './self-attention-2d.node';
import { createSelfAttention2d } from './self-attention-2d.layer';

describe('attention/self-attention-2d', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers shapes and reports groups that do not divide the channels', () => {
    const ok = inferWith(
      selfAttention2dNode,
      { groups: 4 },
      { x: tensorType('float32', ['B', 7, 7, 16]) },
    );
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs['y']).toEqual(tensorType('float32', ['B', 7, 7, 16]));
    expect(ok.outputs['attention']).toEqual(tensorType('float32', ['B', 49, 49]));
    const bad = inferWith(
      selfAttention2dNode,
      { groups: 3 },
      { x: tensorType('float32', ['B', 7, 7, 16]) },
    );
    expect(bad.diagnostics[0]?.message).toMatch(/groups \(3\) must divide the 16 channels/);
    const missing = inferWith(selfAttention2dNode, { groups: 1 }, {});
    expect(missing.diagnostics[0]?.port).toBe('x');
  });

  it('keeps the shape, has rows of attention summing to 1, and counts 4C^2+6C weights', () => {
    const layer = createSelfAttention2d(
      tf,
      { groups: 2 },
      buildContext({ x: ['float32', [2, 3, 3, 4]] }),
    );
    const count = Object.values(layer.weights).reduce((s, w) => s + w.size, 0);
    expect(count).toBe(4 * 16 + 6 * 4);
    const x = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 3);
    const out = layer.apply({ x }, applyContext());
    expect(out['y']?.shape).toEqual([2, 3, 3, 4]);
    const rowSums = tf.sum(out['attention']!, 2).dataSync();
    for (const s of rowSums) expect(s).toBeCloseTo(1, 5);
  });

  it('is permutation-equivariant over positions (attention has no position bias)', () => {
    const layer = createSelfAttention2d(
      tf,
      { groups: 1 },
      buildContext({ x: ['float32', [1, 1, 4, 2]] }),
    );
    const x = tf.tensor4d([1, 2, 3, -1, 0.5, 0.2, -2, 1], [1, 1, 4, 2]);
    const flipped = tf.reverse(x, 2);
    const y = layer.apply({ x }, applyContext())['y']!;
    const yFlipped = layer.apply({ x: flipped }, applyContext())['y']!;
    const diff = tf.max(tf.abs(tf.sub(tf.reverse(y, 2), yFlipped))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-5);
  });

  it('trains: gradients reach every weight and a fit loss falls', () => {
    const layer = createSelfAttention2d(
      tf,
      { groups: 2 },
      buildContext({ x: ['float32', [2, 2, 2, 4]] }),
    );
    const x = tf.randomNormal([2, 2, 2, 4], 0, 1, 'float32', 5);
    const target = tf.randomNormal([2, 2, 2, 4], 0, 1, 'float32', 6);
    const vars = Object.values(layer.weights);
    const loss = (): tf.Scalar =>
      tf.mean(tf.square(tf.sub(layer.apply({ x }, applyContext())['y']!, target)));
    const { grads } = tf.variableGrads(loss, vars);
    for (const g of Object.values(grads))
      expect(tf.sum(tf.abs(g)).dataSync()[0]).toBeGreaterThan(0);
    const opt = tf.train.adam(0.05);
    const first = loss().dataSync()[0]!;
    for (let i = 0; i < 40; i++) opt.minimize(loss, false, vars);
    expect(loss().dataSync()[0]!).toBeLessThan(first * 0.7);
  });
});
