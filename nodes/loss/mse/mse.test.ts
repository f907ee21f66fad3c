import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { infer } from '../../shared/test-kit';
import { pairLossValue } from '../pair-loss-test-kit';
import { mseNode } from './mse.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loss/mse', () => {
  it('computes w * mean((p - t)^2)', async () => {
    expect(
      await pairLossValue(tf, mseNode, [1, 2, 3], [1, 0, 0], ['prediction', 'target']),
    ).toBeCloseTo((0 + 4 + 9) / 3, 5);
    expect(
      await pairLossValue(tf, mseNode, [1, 2, 3], [1, 0, 0], ['prediction', 'target'], 2),
    ).toBeCloseTo(26 / 3, 5);
  });
  it('infers a scalar and names a shape mismatch on the target port', () => {
    const ok = infer(mseNode, {
      prediction: tensorType('float32', ['B', 28, 28, 1]),
      target: tensorType('float32', ['B', 28, 28, 1]),
    });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.loss).toEqual(tensorType('float32', []));
    const bad = infer(mseNode, {
      prediction: tensorType('float32', ['B', 28, 28, 3]),
      target: tensorType('float32', ['B', 28, 28, 1]),
    });
    expect(bad.diagnostics[0]?.port).toBe('target');
    expect(bad.diagnostics[0]?.message).toMatch(/B x 28 x 28 x 3.*same shape/);
  });
});
