// Test helpers for x -> y nodes: build and run a node, check its shape pass-through, and
// compare a second derivative with finite differences.
import { expect } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import type { AnyNodeDefinition, Tensor } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';

type TFLib = typeof tfjs;

/** y = node(x) with the given params, as a function of x (for values and gradient checks). */
export const nodeFn = async (
  tf: TFLib,
  def: AnyNodeDefinition,
  given: Record<string, unknown> = {},
): Promise<(x: Tensor) => Tensor> => {
  const layer = await def.build(tf, paramsOf(def, given) as never, buildCtx({}));
  expect(countParams(layer.weights)).toBe(0);
  return (x) => layer.apply({ x }, applyCtx())['y'] as Tensor;
};

/** Keeps a symbolic shape such as B x 16 x 16 x 8 and asks for a missing input on port x. */
export const expectPassThrough = (def: AnyNodeDefinition, given: Record<string, unknown> = {}) => {
  for (const shape of [['B', 16, 16, 8], ['B', 'N', 64], [5]]) {
    const r = infer(def, { x: tensorType('float32', shape) }, given);
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs['y']).toEqual(tensorType('float32', shape));
  }
  const missing = infer(def, {}, given);
  expect(missing.outputs).toEqual({});
  expect(missing.diagnostics).toEqual([
    expect.objectContaining({
      severity: 'error',
      port: 'x',
      message: expect.stringMatching(/Connect/),
    }),
  ]);
};

/**
 * For L(w) = sum_i (d f(w x_i) / d x_i)^2 returns dL/dw from tfjs (a gradient of a gradient)
 * and from a central difference of tfjs's first derivative; they agree when the second
 * derivative of f is right.
 */
export const secondDerivative = (
  tf: TFLib,
  f: (x: Tensor) => Tensor,
  xs: number[],
  w = 0.7,
): { analytic: number; numeric: number } => {
  const x = tf.tensor1d(xs);
  const inner = (wt: Tensor): Tensor =>
    tf.sum(tf.square(tf.grad((a: Tensor) => tf.sum(f(tf.mul(a, wt))))(x)));
  const analytic = tf.grad(inner)(tf.scalar(w)).dataSync()[0] as number;
  const h = 1e-2;
  const at = (v: number): number => inner(tf.scalar(v)).dataSync()[0] as number;
  return { analytic, numeric: (at(w + h) - at(w - h)) / (2 * h) };
};
