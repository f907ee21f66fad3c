import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../shared/test-kit';
import { weightedSumNode } from './weighted-sum/weighted-sum.node';
import { stopGradientNode } from './stop-gradient/stop-gradient.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('math/weighted-sum', () => {
  it('sums the connected inputs with their weights', async () => {
    const layer = await weightedSumNode.build(tf, paramsOf(weightedSumNode, { wa: 1, wb: 0.5, wc: -2 }) as never, buildCtx({}));
    const out = layer.apply({ a: tf.scalar(3), b: tf.scalar(4), c: tf.scalar(1) }, applyCtx());
    expect((await out.sum!.data())[0]).toBeCloseTo(3 + 2 - 2, 6);
  });
  it('needs a and reports shape mismatches on the offending port', () => {
    expect(infer(weightedSumNode, {}).diagnostics.map((d) => d.port)).toEqual(['a']);
    const r = infer(weightedSumNode, { a: tensorType('float32', []), b: tensorType('float32', ['B', 2]) });
    expect(r.diagnostics[0]?.port).toBe('b');
    expect(infer(weightedSumNode, { a: tensorType('float32', []), b: tensorType('float32', []) }).outputs.sum).toEqual(tensorType('float32', []));
  });
});

describe('math/stop-gradient', () => {
  it('passes the value and blocks the gradient', async () => {
    const layer = await stopGradientNode.build(tf, {} as never, buildCtx({}));
    const x = tf.tensor1d([1, 2, 3]);
    const f = (v: tf.Tensor) => tf.sum(tf.add(tf.mul(v, 2), tf.square(layer.apply({ x: v }, applyCtx()).y!)));
    expect(Array.from(await layer.apply({ x }, applyCtx()).y!.data())).toEqual([1, 2, 3]);
    const g = tf.grad(f)(x);
    expect(Array.from(await g.data())).toEqual([2, 2, 2]); // only the 2*x path
  });
});
