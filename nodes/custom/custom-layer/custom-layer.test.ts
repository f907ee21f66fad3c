import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type {
  CustomCodeLoader,
  CustomCodeRequest,
  CustomForward,
} from '../../../core/node-contract/custom-code';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, countParams, infer, paramsOf } from '../../shared/test-kit';
import { customLayerNode } from './custom-layer.node';
import { createCustomLayer, type CustomLayerParams } from './custom-layer.layer';
import { DEFAULT_CUSTOM_CODE } from './default-code';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const image = tensorType('float32', ['B', 4, 4, 3]);
const messages = (r: ReturnType<typeof infer>): string[] => r.diagnostics.map((d) => d.message);

describe('custom/custom-layer: shapes from the declarations', () => {
  it('infers the output from the expression over the input dims, without running the code', () => {
    const flat = infer(
      customLayerNode,
      { x: image },
      { inputDims: '[B, H, W, C]', outputShape: '[B, H*W, C]', weights: 'w: [C] ones' },
    );
    expect(flat.diagnostics).toEqual([]);
    expect(flat.outputs['y']).toEqual(tensorType('float32', ['B', 16, 3]));
    const fixed = infer(
      customLayerNode,
      { x: image },
      {
        inputDims: '[B, H, W, C]',
        outputShape: '[B, (H + W) / 2, 64,]',
        weights: '',
      },
    );
    expect(fixed.outputs['y']).toEqual(tensorType('float32', ['B', 4, 64]));
    // Symbolic dims stay symbolic: a token count N times 2.
    const tokens = infer(
      customLayerNode,
      { x: tensorType('float32', ['B', 'N', 8]) },
      { inputDims: '[B, N, C]', outputShape: '[B, N*2, C - 6]', weights: 'k: [C, 2]' },
    );
    expect(tokens.outputs['y']).toEqual(tensorType('float32', ['B', 'N*2', 2]));
    // The defaults: [B, C] in and out, w and b of [C].
    expect(infer(customLayerNode, { x: tensorType('float32', ['B', 5]) }).outputs['y']).toEqual(
      tensorType('float32', ['B', 5]),
    );
  });

  it('names the bad expression and the fix, and gives no output type', () => {
    const bad = infer(
      customLayerNode,
      { x: image },
      { inputDims: '[B, H, W, C]', outputShape: '[B, H*]' },
    );
    expect(bad.outputs['y']).toBeUndefined();
    expect(messages(bad)[0]).toMatch(
      /Output shape "\[B, H\*\]": expected a name, a number or '\(' but found '\]'.*e\.g\. \[B, H\*W, C\]/,
    );
    const unknownName = infer(
      customLayerNode,
      { x: image },
      { inputDims: '[B, H, W, C]', outputShape: '[B, D]' },
    );
    expect(messages(unknownName)[0]).toMatch(
      /D is not a dim of the input \(the legend names B, H, W, C\)/,
    );
    const inexact = infer(
      customLayerNode,
      { x: image },
      { inputDims: '[B, H, W, C]', outputShape: '[B, H/3]' },
    );
    expect(messages(inexact)[0]).toMatch(/H\/3 is 4\/3, not a whole number/);
    const rank = infer(customLayerNode, { x: image }, { inputDims: '[B, C]' });
    expect(rank.diagnostics[0]?.port).toBe('x');
    expect(rank.diagnostics[0]?.message).toMatch(/rank 4 but the legend names 2 axes/);
    const legend = infer(customLayerNode, { x: image }, { inputDims: '[B, H, H, C]' });
    expect(messages(legend)[0]).toMatch(/H names two axes/);
    expect(messages(infer(customLayerNode, {}))[0]).toMatch(/Connect a tensor to the 'x' input/);
  });

  it('checks weight declarations (known sizes, never the batch) and the forward export', () => {
    const batch = infer(
      customLayerNode,
      { x: image },
      { inputDims: '[B, H, W, C]', weights: 'w: [B, C]', outputShape: '[B, C]' },
    );
    expect(messages(batch)[0]).toMatch(/the shape of w needs B = 'B'.*never the batch/);
    const line = infer(
      customLayerNode,
      { x: image },
      { inputDims: '[B, H, W, C]', weights: 'w [C]', outputShape: '[B, C]' },
    );
    expect(messages(line)[0]).toMatch(
      /"w \[C\]" is not a weight declaration; write name: \[dims\] init/,
    );
    const init = infer(
      customLayerNode,
      { x: image },
      { inputDims: '[B, H, W, C]', weights: 'w: [C] twos', outputShape: '[B, C]' },
    );
    expect(messages(init)[0]).toMatch(
      /initialiser "twos"; choose one of glorot, normal, zeros, ones/,
    );
    const noForward = infer(
      customLayerNode,
      { x: tensorType('float32', ['B', 5]) },
      { code: 'function forward(tf, x) { return x; }' },
    );
    expect(messages(noForward)[0]).toMatch(/must export its forward function/);
    const commented = infer(
      customLayerNode,
      { x: tensorType('float32', ['B', 5]) },
      { code: '// export function forward() {}\nconst a = 1;' },
    );
    expect(messages(commented)[0]).toMatch(/must export its forward function/);
    const asyncForward = infer(
      customLayerNode,
      { x: tensorType('float32', ['B', 5]) },
      { code: 'export async function forward(tf, x) { return x; }' },
    );
    expect(messages(asyncForward)[0]).toMatch(/forward is async.*Remove async/);
    expect(
      infer(
        customLayerNode,
        { x: tensorType('float32', ['B', 5]) },
        { code: 'const f = (tf, x) => x;\nexport { f as other, f as forward };' },
      ).diagnostics,
    ).toEqual([]);
  });
});

/** x * w + 1 as the loader would give it: the forward of the unit example. */
const xTimesWPlusOne: CustomForward = (t, x, weights) => t.add(t.mul(x, weights['w']!), 1);

const loaderOf = (forward: CustomForward, seen: CustomCodeRequest[] = []): CustomCodeLoader => ({
  load: (request) => {
    seen.push(request);
    return Promise.resolve(forward);
  },
});

const params = (p: Partial<CustomLayerParams>): CustomLayerParams =>
  paramsOf(customLayerNode, p) as unknown as CustomLayerParams;

describe('custom/custom-layer: the layer', () => {
  it('refuses to build without the trusted loader, and passes its code to the loader', async () => {
    const ctx = buildCtx({ x: tensorType('float32', ['B', 3]) });
    await expect(customLayerNode.build(tf, params({}) as never, ctx)).rejects.toThrow(
      /runs only in a training run, after it is trusted/,
    );
    const seen: CustomCodeRequest[] = [];
    const layer = await customLayerNode.build(tf, params({ weights: 'w: [C] ones' }) as never, {
      ...ctx,
      customCode: loaderOf(xTimesWPlusOne, seen),
    });
    expect(seen).toEqual([{ nodeId: 'n1', code: DEFAULT_CUSTOM_CODE }]);
    expect(countParams(layer.weights)).toBe(3);
  });

  it('computes x * w + 1 and its gradients for x and w', () => {
    const layer = createCustomLayer(
      tf,
      params({ weights: 'w: [C] ones', inputDims: '[B, C]', outputShape: '[B, C]' }),
      buildCtx({ x: tensorType('float32', ['B', 3]) }),
      xTimesWPlusOne,
    );
    const w = layer.weights['w']!;
    w.assign(tf.tensor1d([2, -1, 0.5]));
    const x = tf.tensor2d([
      [1, 2, 3],
      [-1, 0, 4],
    ]);
    expect(layer.apply({ x }, applyCtx())['y']?.arraySync()).toEqual([
      [3, -1, 2.5],
      [-1, 1, 3],
    ]);
    // L = sum(y): dL/dx = w per column, dL/dw = column sums of x.
    const { grads } = tf.variableGrads(
      () => tf.sum(layer.apply({ x }, applyCtx())['y']!) as tf.Scalar,
      [w],
    );
    expect(Array.from(grads[w.name]!.dataSync())).toEqual([0, 2, 7]);
    const gx = tf.grad((a: tf.Tensor) => tf.sum(layer.apply({ x: a }, applyCtx())['y']!))(x);
    expect(gx.arraySync()).toEqual([
      [2, -1, 0.5],
      [2, -1, 0.5],
    ]);
  });

  it('creates seeded weights with the declared initialisers and shapes', () => {
    const make = () =>
      createCustomLayer(
        tf,
        params({
          inputDims: '[B, H, W, C]',
          weights: 'k: [C, 8] glorot\nn: [H*W] normal; z: [2] zeros; o: [C] ones',
        }),
        buildCtx({ x: image }),
        xTimesWPlusOne,
      );
    const a = make();
    expect(Object.fromEntries(Object.entries(a.weights).map(([k, v]) => [k, v.shape]))).toEqual({
      k: [3, 8],
      n: [16],
      z: [2],
      o: [3],
    });
    expect(Array.from(a.weights['k']!.dataSync())).toEqual(
      Array.from(make().weights['k']!.dataSync()),
    );
    expect(Math.max(...Array.from(a.weights['k']!.dataSync()).map(Math.abs))).toBeLessThanOrEqual(
      Math.sqrt(6 / 11),
    );
    expect(Array.from(a.weights['z']!.dataSync())).toEqual([0, 0]);
    expect(Array.from(a.weights['o']!.dataSync())).toEqual([1, 1, 1]);
  });

  it('names the node when forward returns a wrong shape or no tensor', () => {
    const ctx = buildCtx({ x: tensorType('float32', ['B', 3]) });
    const x = tf.ones([2, 3]);
    const wrong = createCustomLayer(tf, params({ outputShape: '[B, C*2]' }), ctx, xTimesWPlusOne);
    expect(() => wrong.apply({ x }, applyCtx())).toThrow(
      /Custom layer n1: forward returned shape \[2, 3\] but the output shape \[B, C\*2\] gives \[2, 6\] for an input of \[2, 3\]/,
    );
    const none = createCustomLayer(tf, params({}), ctx, (() => 42) as unknown as CustomForward);
    expect(() => none.apply({ x }, applyCtx())).toThrow(/forward returned number, not a tensor/);
  });
});
