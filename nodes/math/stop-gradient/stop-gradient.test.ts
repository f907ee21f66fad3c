import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { applyCtx, buildCtx } from '../../shared/test-kit';
import { stopGradientNode } from './stop-gradient.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('math/stop-gradient', () => {
  it('passes the value and blocks the gradient', async () => {
    const layer = await stopGradientNode.build(tf, {} as never, buildCtx({}));
    const x = tf.tensor1d([1, 2, 3]);
    const f = (v: tf.Tensor) =>
      tf.sum(tf.add(tf.mul(v, 2), tf.square(layer.apply({ x: v }, applyCtx()).y!)));
    expect(Array.from(await layer.apply({ x }, applyCtx()).y!.data())).toEqual([1, 2, 3]);
    const g = tf.grad(f)(x);
    expect(Array.from(await g.data())).toEqual([2, 2, 2]); // only the 2*x path
  });
});
