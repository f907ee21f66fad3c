import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { convParamCount, residualParamCount } from '../../shared/conv';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { convEncoderNode } from './conv-encoder.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('encode/conv-encoder', () => {
  it('halves h and w per stage and names the fix for indivisible sizes', () => {
    const r = infer(
      convEncoderNode,
      { x: tensorType('float32', ['B', 28, 28, 1]) },
      { widths: [8, 16], outChannels: 4 },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.z).toEqual(tensorType('float32', ['B', 7, 7, 4]));
    const bad = infer(
      convEncoderNode,
      { x: tensorType('float32', ['B', 28, 28, 1]) },
      { widths: [8, 16, 32] },
    );
    expect(bad.diagnostics[0]?.message).toMatch(/not divisible by 8.*fewer widths/);
    expect(
      infer(convEncoderNode, { x: tensorType('float32', ['B', 28]) }).diagnostics[0]?.message,
    ).toMatch(/rank-4/);
  });

  it('builds the stated weights and computes a deterministic output of the inferred shape', async () => {
    const params = paramsOf(convEncoderNode, { widths: [4, 8], resBlocks: 1, outChannels: 3 });
    const ctx = buildCtx({ x: tensorType('float32', ['B', 8, 8, 1]) });
    const layer = await convEncoderNode.build(tf, params as never, ctx);
    const expected =
      convParamCount(1, 4, 4) +
      residualParamCount(4, 2) +
      convParamCount(4, 8, 4) +
      residualParamCount(8, 4) +
      convParamCount(8, 3, 1);
    expect(countParams(layer.weights)).toBe(expected);
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 5);
    const z = layer.apply({ x }, applyCtx()).z!;
    expect(z.shape).toEqual([2, 2, 2, 3]);
    const again = await convEncoderNode.build(tf, params as never, ctx);
    expect(Array.from(await again.apply({ x }, applyCtx()).z!.data())).toEqual(
      Array.from(await z.data()),
    );
    expect(Math.max(...Array.from(await tf.abs(z).data()))).toBeGreaterThan(0);
  });
});
