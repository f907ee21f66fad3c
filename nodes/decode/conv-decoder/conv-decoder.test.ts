import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { convParamCount, residualParamCount } from '../../shared/conv';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { convDecoderNode } from './conv-decoder.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('decode/conv-decoder', () => {
  it('doubles h and w per stage', () => {
    const r = infer(
      convDecoderNode,
      { z: tensorType('float32', ['B', 7, 7, 4]) },
      { widths: [16, 8], outChannels: 1 },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.x).toEqual(tensorType('float32', ['B', 28, 28, 1]));
    expect(
      infer(convDecoderNode, { z: tensorType('float32', ['B', 'H/4', 'W/4', 4]) }).outputs.x,
    ).toEqual(tensorType('float32', ['B', 'H', 'W', 1]));
    expect(infer(convDecoderNode, {}).diagnostics[0]?.port).toBe('z');
  });

  it('builds the stated weights and outputs sigmoid images of the inferred shape', async () => {
    const params = paramsOf(convDecoderNode, {
      widths: [8, 4],
      resBlocks: 1,
      outChannels: 1,
      outActivation: 'sigmoid',
    });
    const layer = await convDecoderNode.build(
      tf,
      params as never,
      buildCtx({ z: tensorType('float32', ['B', 2, 2, 3]) }),
    );
    const expected =
      convParamCount(3, 8, 3) +
      residualParamCount(8, 4) +
      convParamCount(8, 8, 4) +
      convParamCount(8, 4, 4) +
      convParamCount(4, 1, 3);
    expect(countParams(layer.weights)).toBe(expected);
    const x = layer.apply({ z: tf.randomNormal([2, 2, 2, 3], 0, 1, 'float32', 1) }, applyCtx()).x!;
    expect(x.shape).toEqual([2, 8, 8, 1]);
    const v = Array.from(await x.data());
    expect(Math.min(...v)).toBeGreaterThan(0);
    expect(Math.max(...v)).toBeLessThan(1);
  });

  it('trains: an encoder-free decoder fits a fixed target', async () => {
    const params = paramsOf(convDecoderNode, {
      widths: [4],
      resBlocks: 0,
      outChannels: 1,
      outActivation: 'none',
    });
    const layer = await convDecoderNode.build(
      tf,
      params as never,
      buildCtx({ z: tensorType('float32', ['B', 2, 2, 2]) }),
    );
    const z = tf.randomNormal([1, 2, 2, 2], 0, 1, 'float32', 3);
    const target = tf.randomUniform([1, 4, 4, 1], 0, 1, 'float32', 4);
    const opt = tf.train.adam(0.05);
    const loss = () =>
      tf.mean(tf.squaredDifference(layer.apply({ z }, applyCtx()).x!, target)) as tf.Scalar;
    const first = (await loss().data())[0]!;
    for (let i = 0; i < 60; i++) opt.minimize(loss, false, Object.values(layer.weights));
    expect((await loss().data())[0]!).toBeLessThan(first * 0.2);
  });
});
