import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { augmentNode } from './augment.node';
import { augmentBatch } from './augment.layer';
import type { AugmentParams } from './augment-plan';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const batch = (): tf.Tensor4D =>
  tf.tensor4d(
    Array.from({ length: 2 * 8 * 8 }, (_, i) => (i % 64) / 64 + (i >= 64 ? 0.25 : 0)),
    [2, 8, 8, 1],
  );
const params = (over: Partial<AugmentParams> = {}): AugmentParams =>
  ({ ...paramsOf(augmentNode), ...over }) as unknown as AugmentParams;
const view = async (p: AugmentParams, step: number, x = batch()): Promise<number[]> =>
  Array.from(await augmentBatch(tf, x, p, step).data());

describe('ssl/augment', () => {
  it('is the identity with a full crop, no flip, no noise', async () => {
    const p = params({ scaleMin: 1, scaleMax: 1, ratioMin: 1, ratioMax: 1, flip: 0, noiseStd: 0 });
    const got = await view(p, 3);
    const want = Array.from(await batch().data());
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  });

  it('flips left-right when flip = 1', async () => {
    const p = params({ scaleMin: 1, scaleMax: 1, ratioMin: 1, ratioMax: 1, flip: 1, noiseStd: 0 });
    const got = await view(p, 0);
    const want = Array.from(await tf.reverse(batch(), 2).data());
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  });

  it('is determined by (seed, step); other seeds or steps give other views; shapes kept', async () => {
    const p = params();
    const a = await view(p, 5);
    expect(await view(p, 5)).toEqual(a);
    const other = await view({ ...p, seed: 2 }, 5);
    const later = await view(p, 6);
    const diff = (u: number[], v: number[]) =>
      u.reduce((s, x, i) => s + Math.abs(x - (v[i] ?? 0)), 0) / u.length;
    expect(diff(a, other)).toBeGreaterThan(0.01);
    expect(diff(a, later)).toBeGreaterThan(0.01);
    expect(augmentBatch(tf, batch(), p, 5).shape).toEqual([2, 8, 8, 1]);
    expect(augmentBatch(tf, batch(), { ...p, size: 4 }, 5).shape).toEqual([2, 4, 4, 1]);
  });

  it('runs as a node layer with the step of the apply context', async () => {
    const layer = await augmentNode.build(
      tf,
      paramsOf(augmentNode) as never,
      buildCtx({ x: tensorType('float32', ['B', 8, 8, 1]) }),
    );
    const y = layer.apply({ x: batch() }, applyCtx({ step: 5 })).view!;
    expect(Array.from(await y.data())).toEqual(await view(params(), 5));
  });

  it('infers the view shape and names bad ranges', () => {
    const x = tensorType('float32', ['B', 28, 28, 1]);
    expect(infer(augmentNode, { x }).outputs.view).toEqual(x);
    expect(infer(augmentNode, { x }, { size: 24 }).outputs.view).toEqual(
      tensorType('float32', ['B', 24, 24, 1]),
    );
    const bad = infer(augmentNode, { x }, { scaleMin: 0.9, scaleMax: 0.5 });
    expect(bad.diagnostics[0]?.message).toMatch(/scaleMin 0.9 is above scaleMax 0.5/);
    const pair = infer(augmentNode, { x, pair: x }, { size: 24 });
    expect(pair.diagnostics[0]?.port).toBe('pair');
    expect(pair.diagnostics[0]?.message).toMatch(
      /B x 24 x 24 x 1 but the view it pairs with is B x 28 x 28 x 1.*same size/,
    );
    expect(infer(augmentNode, { x, pair: x }).diagnostics).toEqual([]);
    const flat = infer(augmentNode, { x: tensorType('float32', ['B', 784]) });
    expect(flat.diagnostics[0]?.port).toBe('x');
  });
});
