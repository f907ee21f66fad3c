import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { testRng } from '../../shared/test-kit';
import { gradientCheck } from '../../shared/gradient-check';
import { matmulNode } from './matmul.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (shape: (number | string)[]) => tensorType('float32', shape);

describe('math/matmul', () => {
  it('infers [..., M, N], with transposes and a shared rank-2 b', () => {
    const y = (a: (number | string)[], b: (number | string)[], p = {}) =>
      infer(matmulNode, { a: t(a), b: t(b) }, p).outputs['y'];
    expect(y([8, 4], [4, 3])).toEqual(t([8, 3]));
    expect(y(['B', 'N', 64], [64, 10])).toEqual(t(['B', 'N', 10]));
    expect(y(['B', 'H', 'N', 32], ['B', 'H', 'N', 32], { transposeB: true })).toEqual(
      t(['B', 'H', 'N', 'N']),
    );
    expect(y(['B', 64, 'N'], [10, 64], { transposeA: true, transposeB: true })).toEqual(
      t(['B', 'N', 10]),
    );
  });

  it('reports inner, batch and rank mistakes on the right port with the fix', () => {
    const d = (a: (number | string)[], b: (number | string)[], p = {}) =>
      infer(matmulNode, { a: t(a), b: t(b) }, p).diagnostics;
    const inner = d(['B', 16, 64], [32, 10]);
    expect(inner).toHaveLength(1);
    expect(inner[0]).toMatchObject({ severity: 'error', port: 'b' });
    expect(inner[0]?.message).toMatch(/K = 64.*K = 32.*equal/);
    expect(d(['B', 16, 64], [10, 64])[0]?.message).toMatch(/turn on transposeB/);
    expect(d(['B', 16, 64], ['C', 64, 10])[0]?.message).toMatch(/Batch axes differ.*rank 2/);
    expect(d([16, 64], ['B', 64, 10])[0]?.message).toMatch(/Batch axes differ/);
    const rank = d([64], [64, 10]);
    expect(rank[0]).toMatchObject({ port: 'a' });
    expect(rank[0]?.message).toMatch(/at least 2 axes/);
    expect(infer(matmulNode, { a: t([2, 2]) }).diagnostics[0]?.port).toBe('b');
  });

  it('matches hand-computed products, batched and shared', async () => {
    const build = async (given: Record<string, unknown> = {}) =>
      matmulNode.build(tf, paramsOf(matmulNode, given) as never, buildCtx({}));
    const layer = await build();
    expect(countParams(layer.weights)).toBe(0);
    const a = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const b = tf.tensor2d([
      [5, 6],
      [7, 8],
    ]);
    expect(layer.apply({ a, b }, applyCtx())['y']?.arraySync()).toEqual([
      [19, 22],
      [43, 50],
    ]);
    const tb = await build({ transposeB: true });
    expect(tb.apply({ a, b }, applyCtx())['y']?.arraySync()).toEqual([
      [17, 23],
      [39, 53],
    ]);
    // a rank-3 a against a rank-2 b: each batch element times b.
    const a3 = tf.stack([a, tf.mul(a, -1)]);
    const y3 = layer.apply({ a: a3, b }, applyCtx())['y']!;
    expect(y3.shape).toEqual([2, 2, 2]);
    expect(y3.arraySync()).toEqual([
      [
        [19, 22],
        [43, 50],
      ],
      [
        [-19, -22],
        [-43, -50],
      ],
    ]);
    const ta = await build({ transposeA: true });
    expect(ta.apply({ a: a3, b }, applyCtx())['y']?.arraySync()).toEqual([
      [
        [26, 30],
        [38, 44],
      ],
      [
        [-26, -30],
        [-38, -44],
      ],
    ]);
  });

  it('has the right gradients for a and for a shared b', async () => {
    const layer = await matmulNode.build(
      tf,
      paramsOf(matmulNode, { transposeA: true }) as never,
      buildCtx({}),
    );
    const r = testRng(3);
    const rand = (shape: number[]) =>
      tf.tensor(
        Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => r.next() - 0.5),
        shape,
      );
    const a = rand([2, 3, 4]);
    const b = rand([3, 5]);
    const y = (ai: tf.Tensor, bi: tf.Tensor) =>
      tf.sum(tf.square(layer.apply({ a: ai, b: bi }, applyCtx())['y']!));
    expect(gradientCheck(tf, (x) => y(x, b), a).maxError).toBeLessThan(1e-2);
    expect(gradientCheck(tf, (x) => y(a, x), b).maxError).toBeLessThan(1e-2);
  });
});
