import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { reshapeNode } from './reshape.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const x7 = tensorType('float32', ['B', 7, 7, 1]);
const shapeOf = (x: ReturnType<typeof tensorType>, shape: string) =>
  infer(reshapeNode, { x }, { shape });

describe('shape/reshape', () => {
  it('infers sizes, -1 and passes symbolic names through', () => {
    expect(shapeOf(x7, 'B, -1').outputs['y']).toEqual(tensorType('float32', ['B', 49]));
    expect(shapeOf(x7, 'B, 49, 1').outputs['y']).toEqual(tensorType('float32', ['B', 49, 1]));
    expect(shapeOf(tensorType('int32', ['B', 7, 7, 64]), '[B, -1, 64]').outputs['y']).toEqual(
      tensorType('int32', ['B', 49, 64]),
    );
    // Unknown spatial dims go into the -1 entry symbolically.
    expect(shapeOf(tensorType('float32', ['B', 'H', 'W', 64]), 'B, -1, 64').outputs['y']).toEqual(
      tensorType('float32', ['B', 'H*W', 64]),
    );
    expect(shapeOf(tensorType('float32', ['B', 'N', 8]), 'B, -1, 16').outputs['y']).toEqual(
      tensorType('float32', ['B', 'N/2', 16]),
    );
    expect(shapeOf(tensorType('float32', [2, 3, 4]), '4, -1').outputs['y']).toEqual(
      tensorType('float32', [4, 6]),
    );
  });

  it('reports mismatched counts with the input shape, the counts and the fix', () => {
    const d = shapeOf(x7, 'B, 50').diagnostics;
    expect(d).toHaveLength(1);
    expect(d[0]?.port).toBe('x');
    expect(d[0]?.message).toBe(
      "Reshape to 'B, 50' needs 50 elements per example, but x (B x 7 x 7 x 1) has 49; use -1 for one entry or a shape whose sizes multiply to 49.",
    );
    expect(shapeOf(x7, 'B, -1, 10').diagnostics[0]?.message).toMatch(/cannot fill -1.*49.*10/);
  });

  it('reports each malformed target', () => {
    const msg = (s: string, x = x7) => shapeOf(x, s).diagnostics[0]?.message ?? '';
    expect(msg('B, -1, -1')).toMatch(/more than one -1/);
    expect(msg('B, 0, 49')).toMatch(/"0".*not a size/);
    expect(msg('B, 7.5')).toMatch(/not a symbolic dim/);
    expect(msg('N, 49')).toMatch(/"N".*not a symbolic dim of x \(B x 7 x 7 x 1\).*one of B/);
    expect(msg('')).toMatch(/empty/);
    expect(msg('B,, 49')).toMatch(/empty entry/);
    expect(msg('B, 64', tensorType('float32', ['B', 'N', 64]))).toMatch(/N of unknown size/);
    expect(infer(reshapeNode, {}).diagnostics[0]?.port).toBe('x');
  });

  it('maps names to the actual sizes at run time and keeps element order', async () => {
    const layer = await reshapeNode.build(
      tf,
      paramsOf(reshapeNode, { shape: 'B, -1, 2' }) as never,
      buildCtx({ x: tensorType('float32', ['B', 2, 2, 2]) }),
    );
    const x = tf.range(0, 24).reshape([3, 2, 2, 2]);
    const y = layer.apply({ x }, applyCtx())['y']!;
    expect(y.shape).toEqual([3, 4, 2]);
    expect(Array.from(await y.data())).toEqual(Array.from(await x.data()));
    expect(Object.keys(layer.weights)).toHaveLength(0);
  });

  it('passes gradients through unchanged', async () => {
    const layer = await reshapeNode.build(
      tf,
      paramsOf(reshapeNode, { shape: 'B, 6' }) as never,
      buildCtx({ x: tensorType('float32', ['B', 2, 3]) }),
    );
    const w = tf.randomNormal([2, 6], 0, 1, 'float32', 3);
    const x = tf.randomNormal([2, 2, 3], 0, 1, 'float32', 4);
    const f = (a: tf.Tensor) => tf.sum(tf.mul(layer.apply({ x: a }, applyCtx())['y']!, w));
    expect(gradientCheck(tf, f, x).maxError).toBeLessThan(1e-2);
  });
});
