import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, infer, paramsOf } from '../../shared/test-kit';
import { sinePosition2dNode } from './sine-position-2d.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('detection/sine-position-2d', () => {
  it('adds the DETR row/column encoding: hand-computed entries, and every pixel distinct', () => {
    const layer = sinePosition2dNode.build(
      tf,
      paramsOf(sinePosition2dNode) as never,
      {} as never,
    ) as {
      apply: (i: Record<string, tf.Tensor>, c: unknown) => Record<string, tf.Tensor>;
    };
    const x = tf.ones([2, 2, 3, 8]);
    const y = layer.apply({ x }, applyCtx()).y!;
    expect(y.shape).toEqual([2, 2, 3, 8]);
    const v = y.arraySync() as number[][][][];
    // Row 1 of 2 -> y = 2/2 * 2pi; column 0 of 3 -> x = 1/3 * 2pi. C/2 = 4: f = 1, 1, 100, 100.
    const yy = 2 * Math.PI;
    const xx = (2 * Math.PI) / 3;
    const want = [
      Math.sin(yy),
      Math.cos(yy),
      Math.sin(yy / 100),
      Math.cos(yy / 100),
      Math.sin(xx),
      Math.cos(xx),
      Math.sin(xx / 100),
      Math.cos(xx / 100),
    ];
    v[1]![1]![0]!.forEach((a, i) => expect(a - 1).toBeCloseTo(want[i]!, 5));
    const codes = new Set(v[0]!.flat().map((p) => p.map((a) => a.toFixed(4)).join(',')));
    expect(codes.size).toBe(6);
  });

  it('needs channels divisible by 4, naming the fix', () => {
    expect(
      infer(sinePosition2dNode, { x: tensorType('float32', ['B', 8, 8, 32]) }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 8, 8, 32]));
    const d = infer(sinePosition2dNode, { x: tensorType('float32', ['B', 8, 8, 30]) }).diagnostics;
    expect(d[0]?.message).toMatch(/multiple of 4 .* set the conv before it to 32 filters/);
  });
});
