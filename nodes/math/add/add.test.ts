import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { addNode } from './add.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (shape: (number | string)[]) => tensorType('float32', shape);

describe('math/add', () => {
  it('broadcasts symbolic shapes NumPy-style', () => {
    expect(infer(addNode, { a: t(['B', 16, 64]), b: t([64]) }).outputs['y']).toEqual(
      t(['B', 16, 64]),
    );
    expect(infer(addNode, { a: t(['B', 1, 64]), b: t([16, 1]) }).outputs['y']).toEqual(
      t(['B', 16, 64]),
    );
    expect(infer(addNode, { a: t([1, 'N', 'C']), b: t(['B', 'N', 'C']) }).outputs['y']).toEqual(
      t(['B', 'N', 'C']),
    );
    expect(infer(addNode, { a: t(['B', '?']), b: t([1, 8]) }).outputs['y']).toEqual(t(['B', 8]));
    expect(infer(addNode, { a: t([]), b: t(['B', 3]) }).outputs['y']).toEqual(t(['B', 3]));
  });

  it('reports a mismatch on b with both shapes and the fix', () => {
    const r = infer(addNode, { a: t(['B', 16, 64]), b: t([16, 32]) });
    expect(r.outputs).toEqual({});
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', port: 'b' });
    expect(r.diagnostics[0]?.message).toMatch(/B x 16 x 64.*16 x 32.*axis -1.*64.*32.*reshape 'b'/);
    expect(infer(addNode, { a: t(['B', 8]), b: t(['N', 8]) }).diagnostics[0]?.message).toMatch(
      /axis -2/,
    );
    expect(infer(addNode, { a: t([2]) }).diagnostics).toEqual([
      expect.objectContaining({ port: 'b' }),
    ]);
  });

  it('adds with broadcasting, has no weights, and passes gradients to both inputs', async () => {
    const layer = await addNode.build(tf, paramsOf(addNode) as never, buildCtx({}));
    expect(countParams(layer.weights)).toBe(0);
    const a = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = tf.tensor1d([10, 20, 30]);
    expect(layer.apply({ a, b }, applyCtx())['y']?.arraySync()).toEqual([
      [11, 22, 33],
      [14, 25, 36],
    ]);
    const f = (x: tf.Tensor) => tf.sum(tf.square(layer.apply({ a: x, b }, applyCtx())['y']!));
    expect(gradientCheck(tf, f, a).maxError).toBeLessThan(1e-2);
    const gb = (y: tf.Tensor) => tf.sum(tf.square(layer.apply({ a, b: y }, applyCtx())['y']!));
    expect(gradientCheck(tf, gb, tf.tensor1d([0.1, -0.3, 0.5])).maxError).toBeLessThan(1e-2);
  });
});
