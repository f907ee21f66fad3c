import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { crossEntropyNode } from './cross-entropy.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const lossOf = async (
  logits: number[][],
  labels: number[],
  params: Record<string, number> = {},
): Promise<number> => {
  const layer = await crossEntropyNode.build(
    tf,
    paramsOf(crossEntropyNode, params) as never,
    buildCtx({}),
  );
  const out = layer.apply(
    { logits: tf.tensor2d(logits), labels: tf.tensor1d(labels, 'int32') },
    applyCtx(),
  );
  return (await out.loss!.data())[0]!;
};

const reference = (logits: number[][], labels: number[], eps = 0): number => {
  const per = logits.map((z, i) => {
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((s, v) => s + Math.exp(v - m), 0));
    return -z.reduce(
      (s, v, k) => s + ((k === labels[i] ? 1 - eps : 0) + eps / z.length) * (v - lse),
      0,
    );
  });
  return per.reduce((a, b) => a + b, 0) / per.length;
};

describe('loss/cross-entropy', () => {
  const logits = [
    [2, 0, -1],
    [0.5, 0.5, 3],
    [100, -100, 0],
  ];
  const labels = [0, 1, 0];
  it('equals -mean log softmax(z)[y], stays finite for large logits, and smooths labels', async () => {
    expect(await lossOf(logits, labels)).toBeCloseTo(reference(logits, labels), 4);
    expect(await lossOf([[0, 0, 0, 0]], [2])).toBeCloseTo(Math.log(4), 5);
    expect(await lossOf(logits, labels, { weight: 2 })).toBeCloseTo(
      2 * reference(logits, labels),
      4,
    );
    expect(await lossOf(logits, labels, { labelSmoothing: 0.1 })).toBeCloseTo(
      reference(logits, labels, 0.1),
      3,
    );
  });
  it('takes one label per position of [B, N, K] logits and has the softmax - onehot gradient', async () => {
    const layer = await crossEntropyNode.build(
      tf,
      paramsOf(crossEntropyNode) as never,
      buildCtx({}),
    );
    const z = tf.tensor3d([
      [
        [1, 2],
        [3, -1],
      ],
    ]);
    const y = tf.tensor2d([[1, 0]], undefined, 'int32');
    const g = tf.grad((x: tf.Tensor) => layer.apply({ logits: x, labels: y }, applyCtx()).loss!)(z);
    const p = tf.softmax(z).arraySync() as number[][][];
    const expected = [
      [
        [(p[0]![0]![0]! - 0) / 2, (p[0]![0]![1]! - 1) / 2],
        [(p[0]![1]![0]! - 1) / 2, (p[0]![1]![1]! - 0) / 2],
      ],
    ];
    const got = g.arraySync() as number[][][];
    got.flat(2).forEach((v, i) => expect(v).toBeCloseTo(expected.flat(2)[i]!, 5));
  });
  it('names a label shape or dtype that does not fit the logits', () => {
    const ok = infer(crossEntropyNode, {
      logits: tensorType('float32', ['B', 4, 6]),
      labels: tensorType('int32', ['B', 4]),
    });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.loss).toEqual(tensorType('float32', []));
    const badShape = infer(crossEntropyNode, {
      logits: tensorType('float32', ['B', 6]),
      labels: tensorType('int32', ['B', 4]),
    });
    expect(badShape.diagnostics[0]?.port).toBe('labels');
    expect(badShape.diagnostics[0]?.message).toMatch(/without the class axis \(B\)/);
    const badType = infer(crossEntropyNode, {
      logits: tensorType('float32', ['B', 6]),
      labels: tensorType('float32', ['B']),
    });
    expect(badType.diagnostics[0]?.message).toMatch(/int32/);
  });
});
