import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { constantNode } from './constant.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('math/constant', () => {
  it('outputs exactly its shape, a scalar by default, and reports a bad size', () => {
    expect(infer(constantNode, {}).outputs['y']).toEqual(tensorType('float32', []));
    expect(infer(constantNode, {}, { shape: [1, 4, 8] }).outputs['y']).toEqual(
      tensorType('float32', [1, 4, 8]),
    );
    const r = infer(constantNode, {}, { shape: [4, 0] });
    expect(r.outputs).toEqual({});
    expect(r.diagnostics[0]).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/\[4, 0\].*at least 1/),
    });
  });

  it('fills the tensor with value and learns nothing', async () => {
    const layer = await constantNode.build(
      tf,
      paramsOf(constantNode, { shape: [2, 3], value: 0.25 }) as never,
      buildCtx({}),
    );
    expect(countParams(layer.weights)).toBe(0);
    const y = layer.apply({}, applyCtx())['y']!;
    expect(y.shape).toEqual([2, 3]);
    expect(Array.from(y.dataSync())).toEqual([0.25, 0.25, 0.25, 0.25, 0.25, 0.25]);
  });
});
