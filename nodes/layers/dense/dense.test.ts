import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { gradientCheck } from '../../shared/gradient-check';
import { applyCtx, buildCtx, countParams, infer } from '../../shared/test-kit';
import { denseNode } from './dense.node';
import { createDenseLayer, denseForward, type DenseParams } from './dense.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const make = (shape: (number | string)[], p: Partial<DenseParams> = {}) =>
  createDenseLayer(
    tf,
    { units: 5, bias: true, init: 'glorot-uniform', ...p },
    buildCtx({ x: tensorType('float32', shape) }),
  );

describe('layers/dense', () => {
  it('maps the last axis to units and keeps symbolic leading dims', () => {
    expect(
      infer(denseNode, { x: tensorType('float32', ['B', 8]) }, { units: 3 }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 3]));
    expect(
      infer(denseNode, { x: tensorType('float32', ['B', 'N', 8]) }, { units: 3 }).outputs.y,
    ).toEqual(tensorType('float32', ['B', 'N', 3]));
    expect(infer(denseNode, { x: tensorType('float32', [8]) }).outputs.y).toEqual(
      tensorType('float32', [64]),
    );
  });

  it('reports a missing input, an unknown Cin, a scalar and int32 on the x port', () => {
    const msg = (t?: ReturnType<typeof tensorType>) => {
      const r = infer(denseNode, { x: t });
      expect(r.outputs.y).toBeUndefined();
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]?.port).toBe('x');
      return r.diagnostics[0]?.message ?? '';
    };
    expect(msg(undefined)).toMatch(/Connect/);
    expect(msg(tensorType('float32', ['B', 'C']))).toMatch(/'C'.*must be known/);
    expect(msg(tensorType('float32', []))).toMatch(/rank 1 or more/);
    expect(msg(tensorType('int32', ['B', 4]))).toMatch(/int32.*cast/);
  });

  it('counts Cin*units + units parameters, units without bias', () => {
    expect(countParams(make(['B', 8]).weights)).toBe(8 * 5 + 5);
    expect(countParams(make(['B', 8], { bias: false }).weights)).toBe(8 * 5);
    expect(Object.keys(make(['B', 8]).weights).sort()).toEqual(['bias', 'kernel']);
  });

  it('is seeded: same seed same kernel; glorot limit respected', () => {
    const a = make(['B', 8]).weights.kernel!.dataSync();
    const b = make(['B', 8]).weights.kernel!.dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    const limit = Math.sqrt(6 / (8 + 5));
    expect(Math.max(...Array.from(a).map(Math.abs))).toBeLessThanOrEqual(limit);
    const n = make(['B', 400], { init: 'normal-0.02', units: 50 }).weights.kernel!;
    const { variance } = tf.moments(n);
    expect(Math.sqrt(variance.dataSync()[0]!)).toBeCloseTo(0.02, 3);
  });

  it('matches matMul + bias on rank 2 and rank 3 inputs', () => {
    const layer = make(['B', 4]);
    layer.weights.bias!.assign(tf.tensor1d([0.1, -0.2, 0.3, 0, 1]));
    const k = layer.weights.kernel!;
    const x = tf.randomNormal([3, 4], 0, 1, 'float32', 3);
    const ref = tf.add(tf.matMul(x, k), layer.weights.bias!);
    const y = layer.apply({ x }, applyCtx()).y!;
    expect(y.shape).toEqual([3, 5]);
    expect(tf.max(tf.abs(tf.sub(y, ref))).dataSync()[0]).toBeLessThan(1e-6);

    const x3 = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 4);
    const y3 = layer.apply({ x: x3 }, applyCtx()).y!;
    expect(y3.shape).toEqual([2, 3, 5]);
    // Row (1, 2) by hand: sum_c x[c] k[c, u] + b[u].
    const xv = x3.arraySync() as number[][][];
    const kv = k.arraySync() as number[][];
    const bv = [0.1, -0.2, 0.3, 0, 1];
    const row = (y3.arraySync() as number[][][])[1]![2]!;
    row.forEach((v, u) =>
      expect(v).toBeCloseTo(
        xv[1]![2]!.reduce((s, xc, c) => s + xc * kv[c]![u]!, bv[u]!),
        5,
      ),
    );
  });

  it('has correct gradients for x and for the kernel', () => {
    const layer = make(['B', 4]);
    const r = tf.randomNormal([2, 3, 5], 0, 1, 'float32', 9);
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 5);
    const gx = gradientCheck(tf, (a) => tf.sum(tf.mul(layer.apply({ x: a }, applyCtx()).y!, r)), x);
    expect(gx.maxError).toBeLessThan(1e-2);
    const bias = layer.weights.bias!;
    const gk = gradientCheck(
      tf,
      (k) => tf.sum(tf.mul(denseForward(tf, x, k, bias), r)),
      layer.weights.kernel!,
    );
    expect(gk.checked).toBeGreaterThan(10);
    expect(gk.maxError).toBeLessThan(1e-2);
  });
});
