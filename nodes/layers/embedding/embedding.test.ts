import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { embeddingNode } from './embedding.node';
import { createEmbeddingLayer, embeddingForward, type EmbeddingParams } from './embedding.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const make = (p: Partial<EmbeddingParams> = {}) =>
  createEmbeddingLayer(
    tf,
    { vocabSize: 10, dim: 4, init: 'normal-1', ...p },
    buildCtx({ indices: tensorType('int32', ['B', 'N']) }),
  );

describe('layers/embedding', () => {
  it('appends dim to any index shape, keeping symbolic dims', () => {
    expect(
      infer(embeddingNode, { indices: tensorType('int32', ['B', 'N']) }, { dim: 8 }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 'N', 8]));
    expect(infer(embeddingNode, { indices: tensorType('int32', ['B']) }).outputs.y).toEqual(
      tensorType('float32', ['B', 64]),
    );
  });

  it('reports float indices and a missing input on the indices port', () => {
    const r = infer(embeddingNode, { indices: tensorType('float32', ['B', 4]) });
    expect(r.outputs.y).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', port: 'indices' });
    expect(r.diagnostics[0]?.message).toMatch(/float32.*int32.*cast/);
    expect(infer(embeddingNode, {}).diagnostics[0]?.port).toBe('indices');
    expect(embeddingNode.inputs[0]?.gradient).toBe('none');
  });

  it('has vocabSize*dim parameters, N(0,1) by default and N(0,0.02) on request', () => {
    const layer = make({ vocabSize: 500, dim: 20 });
    expect(countParams(layer.weights)).toBe(500 * 20);
    const std = (v: tf.Tensor) => Math.sqrt(tf.moments(v).variance.dataSync()[0]!);
    expect(std(layer.weights.table!)).toBeCloseTo(1, 1);
    expect(std(make({ vocabSize: 500, dim: 20, init: 'normal-0.02' }).weights.table!)).toBeCloseTo(
      0.02,
      3,
    );
  });

  it('returns the table rows of the indices, in the index shape', () => {
    const layer = make();
    const table = layer.weights.table!.arraySync() as number[][];
    const idx = [
      [3, 0, 9],
      [3, 7, 1],
    ];
    const y = layer.apply({ indices: tf.tensor2d(idx, [2, 3], 'int32') }, applyCtx()).y!;
    expect(y.shape).toEqual([2, 3, 4]);
    expect(y.arraySync()).toEqual(idx.map((row) => row.map((i) => table[i])));
  });

  it('sends gradient to exactly the looked-up rows (summed over repeats)', () => {
    const layer = make();
    const idx = tf.tensor2d([[3, 0, 3]], [1, 3], 'int32');
    const r = tf.randomNormal([1, 3, 4], 0, 1, 'float32', 3);
    const check = gradientCheck(
      tf,
      (t) => tf.sum(tf.mul(embeddingForward(tf, idx, t), r)),
      layer.weights.table!,
      { maxElements: 40 },
    );
    expect(check.checked).toBe(40);
    expect(check.maxError).toBeLessThan(1e-2);
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply({ indices: idx }, applyCtx()).y!, r)) as tf.Scalar,
      [layer.weights.table!],
    );
    const g = Object.values(grads)[0]!.arraySync() as number[][];
    const rv = r.arraySync() as number[][][];
    expect(g[3]![1]).toBeCloseTo(rv[0]![0]![1]! + rv[0]![2]![1]!, 5);
    expect(g[0]![2]).toBeCloseTo(rv[0]![1]![2]!, 5);
    expect(g[5]).toEqual([0, 0, 0, 0]);
  });
});
