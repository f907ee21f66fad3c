import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { weightedSumNode } from './weighted-sum.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('math/weighted-sum', () => {
  it('sums the connected inputs with their weights', async () => {
    const layer = await weightedSumNode.build(
      tf,
      paramsOf(weightedSumNode, { wa: 1, wb: 0.5, wc: -2 }) as never,
      buildCtx({}),
    );
    const out = layer.apply({ a: tf.scalar(3), b: tf.scalar(4), c: tf.scalar(1) }, applyCtx());
    expect((await out.sum!.data())[0]).toBeCloseTo(3 + 2 - 2, 6);
  });
  it('needs a and reports shape mismatches on the offending port', () => {
    expect(infer(weightedSumNode, {}).diagnostics.map((d) => d.port)).toEqual(['a']);
    const r = infer(weightedSumNode, {
      a: tensorType('float32', []),
      b: tensorType('float32', ['B', 2]),
    });
    expect(r.diagnostics[0]?.port).toBe('b');
    expect(
      infer(weightedSumNode, { a: tensorType('float32', []), b: tensorType('float32', []) }).outputs
        .sum,
    ).toEqual(tensorType('float32', []));
  });
});
