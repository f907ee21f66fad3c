import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../../attention/test-context';
import { tokenEmbeddingNode } from './token-embedding.node';
import { createTokenEmbedding } from './token-embedding.layer';

describe('transformer/token-embedding', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('infers B x N x D and flags too-long sequences and float tokens', () => {
    const params = { vocabSize: 16, dim: 8, maxLength: 10 };
    const ok = inferWith(tokenEmbeddingNode, params, { tokens: tensorType('int32', ['B', 10]) });
    expect(ok.outputs['embeddings']).toEqual(tensorType('float32', ['B', 10, 8]));
    expect(ok.diagnostics).toEqual([]);
    const bad = inferWith(tokenEmbeddingNode, params, { tokens: tensorType('float32', ['B', 12]) });
    expect(bad.diagnostics.map((d) => d.message).join(' ')).toMatch(
      /int32.*maxLength to at least 12/s,
    );
  });

  it('equals table rows plus position rows, and its gradient reaches only the rows used', () => {
    const layer = createTokenEmbedding(
      tf,
      { vocabSize: 5, dim: 3, maxLength: 4 },
      buildContext({}),
    );
    const tokens = tf.tensor2d([[4, 0, 4]], [1, 3], 'int32');
    const e = layer.apply({ tokens }, applyContext())['embeddings']!.arraySync() as number[][][];
    const tok = layer.weights['tokens']!.arraySync() as number[][];
    const pos = layer.weights['positions']!.arraySync() as number[][];
    [4, 0, 4].forEach((t, i) =>
      e[0]![i]!.forEach((v, j) => expect(v).toBeCloseTo(tok[t]![j]! + pos[i]![j]!, 6)),
    );
    const g = tf.grad((w: tf.Tensor) =>
      tf
        .sum(layer.apply({ tokens }, applyContext())['embeddings']!)
        .mul(0)
        .add(tf.sum(tf.matMul(tf.oneHot(tf.tensor1d([4, 0, 4], 'int32'), 5).cast('float32'), w))),
    )(layer.weights['tokens']!);
    expect(Array.from(tf.sum(g, 1).dataSync())).toEqual([3, 0, 0, 0, 6]);
  });
});
