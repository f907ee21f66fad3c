import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyContext,
  buildContext,
  checkAutoregressive,
  imageType,
  inferWith,
  rasterOrder,
} from '../shared/testing';
import { nadeNode } from './nade.node';
import { createNadeLayer } from './nade.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

describe('autoregressive/nade', () => {
  it('infers logits shaped like the images', () => {
    const r = inferWith(nadeNode, { hidden: 8 }, { x: imageType(28, 28) });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.logits).toEqual({ kind: 'tensor', dtype: 'float32', shape: ['B', 28, 28, 1] });
  });

  it('has 2dk + d + k weights', () => {
    const layer = createNadeLayer(tf, { hidden: 5 }, buildContext({ x: imageType(3, 4) }));
    const count = Object.values(layer.weights).reduce((s, v) => s + v.size, 0);
    expect(count).toBe(2 * 12 * 5 + 12 + 5);
  });

  it('is exactly autoregressive in raster order, and every later output depends on every earlier input', () => {
    const layer = createNadeLayer(tf, { hidden: 6 }, buildContext({ x: imageType(4, 4) }));
    const r = checkAutoregressive(
      tf,
      (x) => layer.apply({ x }, applyContext()).logits!,
      [4, 4, 1],
      rasterOrder(16),
    );
    expect(r.violations).toBe(0);
    expect(r.dependencies).toBe(r.possible);
  });

  it('matches the direct per-conditional formula of Larochelle & Murray (eqs. 2-3)', () => {
    const layer = createNadeLayer(tf, { hidden: 3 }, buildContext({ x: imageType(1, 4) }));
    layer.weights.c!.assign(tf.tensor2d([0.2, -0.1, 0.05], [3, 1]));
    layer.weights.b!.assign(tf.tensor1d([0.3, -0.3, 0.1, 0]));
    const W = layer.weights.w!.arraySync() as number[][];
    const V = layer.weights.v!.arraySync() as number[][];
    const c = [0.2, -0.1, 0.05];
    const bias = [0.3, -0.3, 0.1, 0];
    const x = [1, 0, 1, 1];
    const got = tf.tidy(() =>
      Array.from(
        layer.apply({ x: tf.tensor4d(x, [1, 1, 4, 1]) }, applyContext()).logits!.dataSync(),
      ),
    );
    for (let i = 0; i < 4; i++) {
      const h = c.map((ck, kk) =>
        sigmoid(ck + x.slice(0, i).reduce((s, xj, j) => s + xj * (W[kk]![j] as number), 0)),
      );
      const want = (bias[i] as number) + h.reduce((s, hk, kk) => s + hk * (V[kk]![i] as number), 0);
      expect(got[i]).toBeCloseTo(want, 5);
    }
  });

  it('has the same gradients (weights and input) as the explicit O(d^2 k) formulation (non-square shapes)', () => {
    const d = 6;
    const k = 5;
    const layer = createNadeLayer(tf, { hidden: k }, buildContext({ x: imageType(2, 3) }));
    layer.weights.c!.assign(tf.randomNormal([k, 1], 0, 1, 'float32', 9));
    const x = tf.tensor4d([1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1, 0, 1], [3, 2, 3, 1]);
    const target = tf.randomUniform([3, d], 0, 1, 'float32', 2);
    const vars = Object.values(layer.weights);
    const fast = tf.variableGrads(
      () =>
        tf.sum(
          tf.mul(layer.apply({ x }, applyContext()).logits!.reshape([3, d]), target),
        ) as tf.Scalar,
      vars,
    );
    // a_i = c + W (x * 1{j < i}): one masked matmul per conditional.
    const lower = tf.linalg.bandPart(tf.ones([d, d]), 0, -1).sub(tf.eye(d)); // [j, i] = 1 iff j < i
    const slow = tf.variableGrads(() => {
      const { w, v, c, b } = layer.weights as Record<string, tf.Variable>;
      const xf = x.reshape([3, d, 1]).mul(lower.expandDims(0)); // b x j x i
      const a = tf.matMul(w!.expandDims(0).tile([3, 1, 1]), xf).add(c!); // b x k x i
      const logits = tf.sigmoid(a).mul(v!).sum(1).add(b!);
      return tf.sum(tf.mul(logits, target)) as tf.Scalar;
    }, vars);
    // and the gradient with respect to the input images
    const dxFast = tf.grad((xx: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply({ x: xx }, applyContext()).logits!.reshape([3, d]), target)),
    )(x);
    const dxSlow = tf.grad((xx: tf.Tensor) => {
      const { w, v, c, b } = layer.weights as Record<string, tf.Variable>;
      const a = tf
        .matMul(w!.expandDims(0).tile([3, 1, 1]), xx.reshape([3, d, 1]).mul(lower.expandDims(0)))
        .add(c!);
      return tf.sum(tf.mul(tf.sigmoid(a).mul(v!).sum(1).add(b!), target));
    })(x);
    expect(tf.max(tf.abs(tf.sub(dxFast, dxSlow))).dataSync()[0]).toBeLessThan(1e-5);
    expect(dxFast.abs().sum().dataSync()[0]).toBeGreaterThan(0);
    for (const name of Object.keys(fast.grads)) {
      const diff = tf.max(tf.abs(tf.sub(fast.grads[name]!, slow.grads[name]!))).dataSync()[0]!;
      expect(diff).toBeLessThan(1e-5);
      expect(fast.grads[name]!.abs().sum().dataSync()[0]).toBeGreaterThan(0);
    }
  });
});
