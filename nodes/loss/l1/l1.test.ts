import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { infer } from '../../shared/test-kit';
import { pairLossValue } from '../pair-loss-test-kit';
import { l1Node } from './l1.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loss/l1', () => {
  it('computes w * mean(|p - t|)', async () => {
    expect(
      await pairLossValue(tf, l1Node, [1, -2, 3], [0, 0, 0], ['prediction', 'target']),
    ).toBeCloseTo(2, 5);
    expect(
      await pairLossValue(tf, l1Node, [1, -2, 3], [0, 0, 0], ['prediction', 'target'], 0.5),
    ).toBeCloseTo(1, 5);
  });
  it('asks for both inputs', () => {
    expect(infer(l1Node, {}).diagnostics.map((d) => d.port)).toEqual(['prediction', 'target']);
    expect(
      infer(l1Node, {
        prediction: tensorType('float32', ['B', 4]),
        target: tensorType('float32', ['B', 4]),
      }).diagnostics,
    ).toEqual([]);
  });
});
