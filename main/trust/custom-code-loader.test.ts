import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../core/shapes/tensor-type';
import { customLayerNode } from '../../nodes/custom/custom-layer/custom-layer.node';
import { applyCtx, buildCtx, paramsOf } from '../../nodes/shared/test-kit';
import { createCustomCodeLoader } from './custom-code-loader';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const xTimesWPlusOne = `
const one: number = 1;
export function forward(tf: TF, x: Tensor, weights: Weights): Tensor {
  return tf.add(tf.mul(x, weights.w!), one);
}
`;

describe('custom code loader (training worker)', () => {
  it('compiles trusted TypeScript; the layer computes x * w + 1 with its gradients', async () => {
    const loader = createCustomCodeLoader([xTimesWPlusOne]);
    const params = paramsOf(customLayerNode, { code: xTimesWPlusOne, weights: 'w: [C] ones' });
    const layer = await customLayerNode.build(tf, params as never, {
      ...buildCtx({ x: tensorType('float32', ['B', 2]) }),
      customCode: loader,
    });
    const w = layer.weights['w']!;
    w.assign(tf.tensor1d([3, -2]));
    const x = tf.tensor2d([
      [1, 2],
      [0.5, -1],
    ]);
    expect(layer.apply({ x }, applyCtx())['y']?.arraySync()).toEqual([
      [4, -3],
      [2.5, 3],
    ]);
    // L = sum(y * r): dL/dw_c = sum_b x_bc r_bc, dL/dx_bc = w_c r_bc.
    const r = tf.tensor2d([
      [1, 2],
      [3, 4],
    ]);
    const loss = () => tf.sum(tf.mul(layer.apply({ x }, applyCtx())['y']!, r)) as tf.Scalar;
    const { grads } = tf.variableGrads(loss, [w]);
    expect(Array.from(grads[w.name]!.dataSync())).toEqual([1 * 1 + 0.5 * 3, 2 * 2 + -1 * 4]);
    const gx = tf.grad((a: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply({ x: a }, applyCtx())['y']!, r)),
    )(x);
    expect(gx.arraySync()).toEqual([
      [3, -4],
      [9, -8],
    ]);
  });

  it('refuses code it was not given as trusted, without compiling it', async () => {
    const loader = createCustomCodeLoader([xTimesWPlusOne]);
    await expect(
      loader.load({ nodeId: 'n9', code: `${xTimesWPlusOne}\n// one more line` }),
    ).rejects.toThrow(/Custom layer n9: its code was not among the code trusted for this run/);
  });

  it('names the node and the line of a compile error, a load failure and a missing forward', async () => {
    const broken = 'export function forward(tf: TF, x: Tensor): Tensor {\n  return x +;\n}';
    const throwing =
      "throw new Error('boom');\nexport function forward(tf: TF, x: Tensor) { return x; }";
    const none = 'export const other = 1;';
    const loader = createCustomCodeLoader([broken, throwing, none]);
    await expect(loader.load({ nodeId: 'n1', code: broken })).rejects.toThrow(
      /Custom layer n1: the code does not compile: line 2, column \d+: .*Fix it in the code editor/,
    );
    await expect(loader.load({ nodeId: 'n2', code: throwing })).rejects.toThrow(
      /Custom layer n2: the code failed while loading: boom/,
    );
    await expect(loader.load({ nodeId: 'n3', code: none })).rejects.toThrow(
      /Custom layer n3: the code does not export a forward function/,
    );
  });
});
