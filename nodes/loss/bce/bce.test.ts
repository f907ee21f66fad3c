import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { infer } from '../../shared/test-kit';
import { pairLossValue } from '../pair-loss-test-kit';
import { bceNode } from './bce.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loss/bce', () => {
  it('matches -[t log s(l) + (1-t) log(1-s(l))] and stays finite for large logits', async () => {
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const cases = [
      [0, 1],
      [10, 1],
      [-30, 1],
      [2, 0],
    ] as const;
    const ref = cases.map(([l, t]) => -(t * Math.log(sig(l)) + (1 - t) * Math.log(1 - sig(l))));
    const got = await pairLossValue(
      tf,
      bceNode,
      cases.map((c) => c[0]),
      cases.map((c) => c[1]),
      ['logits', 'target'],
    );
    expect(got).toBeCloseTo(ref.reduce((a, b) => a + b) / 4, 4);
    expect(
      Number.isFinite(await pairLossValue(tf, bceNode, [-500, 500], [1, 0], ['logits', 'target'])),
    ).toBe(true);
  });
  it('infers a scalar', () => {
    expect(
      infer(bceNode, {
        logits: tensorType('float32', ['B', 1]),
        target: tensorType('float32', ['B', 1]),
      }).outputs.loss,
    ).toEqual(tensorType('float32', []));
  });
});
