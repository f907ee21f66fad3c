import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { batchNormNode } from './batch-norm.node';
import {
  batchMoments,
  batchNormForward,
  createBatchNormLayer,
  type BatchNormParams,
} from './batch-norm.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const make = (c: number, p: Partial<BatchNormParams> = {}) =>
  createBatchNormLayer(
    tf,
    { momentum: 0.1, eps: 1e-5, useRunningStats: 'auto', ...p },
    buildCtx({ x: tensorType('float32', ['B', 'H', 'W', c]) }),
  );

const train = applyCtx({ training: true });
const evalCtx = applyCtx({ training: false, split: 'test' });
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!;

/** Per-channel mean and (biased, unbiased) variance of x [..., c], in float64. */
const stats = (x: tf.Tensor) => {
  const c = x.shape[x.shape.length - 1]!;
  const v = Array.from(x.dataSync());
  const n = v.length / c;
  return Array.from({ length: c }, (_, k) => {
    const col = v.filter((_, i) => i % c === k);
    const mean = col.reduce((s, a) => s + a, 0) / n;
    const ss = col.reduce((s, a) => s + (a - mean) ** 2, 0);
    return { mean, biased: ss / n, unbiased: ss / (n - 1) };
  });
};

/** One trainer-like step: loss and gradients inside tf.tidy + tf.variableGrads, then afterStep. */
const trainStep = (
  layer: ReturnType<typeof make>,
  x: tf.Tensor,
  r: tf.Tensor,
  opt: tf.Optimizer,
): void => {
  tf.tidy(() => {
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(layer.apply({ x }, train).y!, r)) as tf.Scalar,
      Object.values(layer.weights),
    );
    expect(Number.isFinite(value.dataSync()[0])).toBe(true);
    opt.applyGradients(grads);
  });
  layer.afterStep?.(train);
};

describe('normalization/batch-norm', () => {
  it('keeps [B, C] and [B, H, W, C] shapes; reports rank 1, an unknown C and int input', () => {
    for (const shape of [
      ['B', 16],
      ['B', 'H', 'W', 16],
    ]) {
      const t = tensorType('float32', shape);
      expect(infer(batchNormNode, { x: t }).outputs.y).toEqual(t);
    }
    const r1 = infer(batchNormNode, { x: tensorType('float32', [16]) });
    expect(r1.outputs.y).toBeUndefined();
    expect(r1.diagnostics[0]).toMatchObject({ severity: 'error', port: 'x' });
    expect(r1.diagnostics[0]?.message).toMatch(/rank 2 or more.*reshape/);
    expect(
      infer(batchNormNode, { x: tensorType('float32', ['B', 'C']) }).diagnostics[0]?.message,
    ).toMatch(/must be known/);
    expect(
      infer(batchNormNode, { x: tensorType('int32', ['B', 3]) }).diagnostics[0]?.message,
    ).toMatch(/int32/);
  });

  it('has 2C trainable parameters and non-trainable running statistics in state', () => {
    const layer = make(5);
    expect(countParams(layer.weights)).toBe(10);
    expect(Object.keys(layer.weights).sort()).toEqual(['beta', 'gamma']);
    expect(Object.keys(layer.state ?? {}).sort()).toEqual(['runningMean', 'runningVar']);
    expect(layer.state!.runningMean!.trainable).toBe(false);
    expect(layer.state!.runningVar!.trainable).toBe(false);
    expect(Array.from(layer.state!.runningMean!.dataSync())).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(layer.state!.runningVar!.dataSync())).toEqual([1, 1, 1, 1, 1]);
    layer.dispose?.();
  });

  it('training: normalises with the batch mean and biased variance over B, H, W', () => {
    const layer = make(3);
    layer.weights.gamma!.assign(tf.tensor1d([1, 2, -1]));
    layer.weights.beta!.assign(tf.tensor1d([0, 0.5, 1]));
    const x = tf.randomNormal([4, 2, 3, 3], 1, 2, 'float32', 5);
    const y = layer.apply({ x }, train).y!;
    const s = stats(x);
    const xv = Array.from(x.dataSync());
    const yv = Array.from(y.dataSync());
    const [g, b] = [
      [1, 2, -1],
      [0, 0.5, 1],
    ];
    xv.forEach((a, i) => {
      const k = i % 3;
      const want = ((a - s[k]!.mean) / Math.sqrt(s[k]!.biased + 1e-5)) * g[k]! + b[k]!;
      expect(yv[i]).toBeCloseTo(want, 4);
    });
    layer.dispose?.();
  });

  it('updates the running statistics once per step with the closed form (unbiased variance)', () => {
    const layer = make(3);
    const opt = tf.train.sgd(0.1);
    const x1 = tf.randomNormal([4, 2, 2, 3], 2, 3, 'float32', 1);
    const x2 = tf.randomNormal([4, 2, 2, 3], -1, 0.5, 'float32', 2);
    const r = tf.randomNormal([4, 2, 2, 3], 0, 1, 'float32', 3);
    // Applied in training mode but not stepped: nothing changes until afterStep.
    layer.apply({ x: x1 }, train);
    expect(Array.from(layer.state!.runningMean!.dataSync())).toEqual([0, 0, 0]);
    trainStep(layer, x1, r, opt);
    const s1 = stats(x1);
    const rm1 = s1.map((s) => 0.1 * s.mean);
    const rv1 = s1.map((s) => 0.9 + 0.1 * s.unbiased);
    Array.from(layer.state!.runningMean!.dataSync()).forEach((v, k) =>
      expect(v).toBeCloseTo(rm1[k]!, 5),
    );
    Array.from(layer.state!.runningVar!.dataSync()).forEach((v, k) =>
      expect(v).toBeCloseTo(rv1[k]!, 4),
    );
    // afterStep without a new training apply does not fold the same batch in twice.
    layer.afterStep?.(train);
    expect(layer.state!.runningMean!.dataSync()[0]).toBeCloseTo(rm1[0]!, 5);
    trainStep(layer, x2, r, opt);
    const s2 = stats(x2);
    Array.from(layer.state!.runningMean!.dataSync()).forEach((v, k) =>
      expect(v).toBeCloseTo(0.9 * rm1[k]! + 0.1 * s2[k]!.mean, 5),
    );
    Array.from(layer.state!.runningVar!.dataSync()).forEach((v, k) =>
      expect(v).toBeCloseTo(0.9 * rv1[k]! + 0.1 * s2[k]!.unbiased, 4),
    );
    // The optimizer step still happened: beta moved by -lr * sum(r) per channel.
    const rs = stats(r).map((s) => s.mean * 16);
    Array.from(layer.weights.beta!.dataSync()).forEach((v, k) =>
      expect(v).toBeCloseTo(-0.2 * rs[k]!, 4),
    );
    layer.dispose?.();
  });

  it('evaluation uses the running statistics and records nothing; always-batch uses the batch', () => {
    const layer = make(2);
    layer.state!.runningMean!.assign(tf.tensor1d([1, -2]));
    layer.state!.runningVar!.assign(tf.tensor1d([4, 0.25]));
    layer.weights.gamma!.assign(tf.tensor1d([2, 1]));
    const x = tf.tensor2d([
      [3, -2],
      [1, -1],
    ]);
    const layer2 = createBatchNormLayer(
      tf,
      { momentum: 0.1, eps: 0, useRunningStats: 'auto' },
      buildCtx({ x: tensorType('float32', ['B', 2]) }),
    );
    layer2.state!.runningMean!.assign(tf.tensor1d([1, -2]));
    layer2.state!.runningVar!.assign(tf.tensor1d([4, 0.25]));
    layer2.weights.gamma!.assign(tf.tensor1d([2, 1]));
    const y = layer2.apply({ x }, evalCtx).y!;
    // (3-1)/2*2 = 2, (-2+2)/0.5 = 0; (1-1)/2*2 = 0, (-1+2)/0.5 = 2.
    expect(Array.from(y.dataSync())).toEqual([2, 0, 0, 2]);
    layer2.afterStep?.(evalCtx);
    expect(Array.from(layer2.state!.runningMean!.dataSync())).toEqual([1, -2]);

    const always = make(2, { useRunningStats: 'always-batch' });
    const xb = tf.randomNormal([6, 2, 2, 2], 3, 2, 'float32', 4);
    const yb = always.apply({ x: xb }, evalCtx).y!;
    const { mean, variance } = batchMoments(tf, xb);
    expect(maxDiff(yb, tf.div(tf.sub(xb, mean), tf.sqrt(tf.add(variance, 1e-5))))).toBeLessThan(
      1e-5,
    );
    always.afterStep?.(evalCtx);
    expect(Array.from(always.state!.runningMean!.dataSync())).toEqual([0, 0]);
    [layer, layer2, always].forEach((l) => l.dispose?.());
  });

  it('keeps the tensor count flat over training steps and frees everything on dispose', () => {
    const before = tf.memory().numTensors;
    const layer = make(4);
    const opt = tf.train.adam(0.01);
    const x = tf.randomNormal([3, 2, 2, 4], 0, 1, 'float32', 8);
    const r = tf.randomNormal([3, 2, 2, 4], 0, 1, 'float32', 9);
    trainStep(layer, x, r, opt);
    const counts: number[] = [];
    for (let i = 0; i < 5; i++) {
      trainStep(layer, x, r, opt);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts).size).toBe(1);
    // A stash survives the apply's tf.tidy (2 tensors) and is replaced, not accumulated.
    const stepped = tf.memory().numTensors;
    tf.tidy(() => void layer.apply({ x }, train));
    expect(tf.memory().numTensors).toBe(stepped + 2);
    tf.tidy(() => void layer.apply({ x }, train));
    expect(tf.memory().numTensors).toBe(stepped + 2);
    layer.afterStep?.(train);
    expect(tf.memory().numTensors).toBe(stepped);
    layer.dispose?.();
    opt.dispose();
    tf.dispose([x, r]);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('has correct gradients for x (batch statistics and running statistics) and gamma', () => {
    const layer = make(3);
    const x = tf.randomNormal([4, 2, 2, 3], 0, 1, 'float32', 11);
    const r = tf.randomNormal([4, 2, 2, 3], 0, 1, 'float32', 12);
    const loss = (ctx: typeof train) => (a: tf.Tensor) =>
      tf.sum(tf.mul(layer.apply({ x: a }, ctx).y!, r));
    expect(gradientCheck(tf, loss(train), x, { maxElements: 48 }).maxError).toBeLessThan(1e-2);
    expect(gradientCheck(tf, loss(evalCtx), x).maxError).toBeLessThan(1e-2);
    const gg = gradientCheck(
      tf,
      (g) => {
        const { mean, variance } = batchMoments(tf, x);
        return tf.sum(
          tf.mul(batchNormForward(tf, x, mean, variance, g, layer.weights.beta!, 1e-5), r),
        );
      },
      layer.weights.gamma!,
    );
    expect(gg.maxError).toBeLessThan(1e-2);
    layer.dispose?.();
  });
});
