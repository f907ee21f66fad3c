import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { gradientCheck } from '../../shared/gradient-check';
import { expectPassThrough, nodeFn, secondDerivative } from '../shared/activation-test-kit';
import { tensorType } from '../../../core/shapes/tensor-type';
import { infer } from '../../shared/test-kit';
import { softmaxNode } from './softmax.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rows = [
  [1, 2, 3],
  [-1, 0, 4],
];

describe('activation/softmax', () => {
  it('keeps any shape, symbolic dims included', () => {
    expectPassThrough(softmaxNode);
    expectPassThrough(softmaxNode, { axis: 0 });
  });

  it('reports an axis out of range with the rank and the valid range', () => {
    const r = infer(softmaxNode, { x: tensorType('float32', ['B', 'N', 64]) }, { axis: 3 });
    expect(r.outputs).toEqual({});
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', port: 'x' });
    expect(r.diagnostics[0]?.message).toMatch(/axis 3 .*rank-3 .*B x N x 64.*-3 to 2/);
    expect(
      infer(softmaxNode, { x: tensorType('float32', [4]) }, { axis: -2 }).diagnostics,
    ).toHaveLength(1);
    expect(infer(softmaxNode, { x: tensorType('float32', [4]) }, { axis: -1 }).diagnostics).toEqual(
      [],
    );
  });

  it('gives rows that sum to 1 and match exp / sum exp, along any axis', async () => {
    const y = (await nodeFn(tf, softmaxNode))(tf.tensor2d(rows)).arraySync() as number[][];
    rows.forEach((row, i) => {
      const z = row.reduce((s, v) => s + Math.exp(v), 0);
      row.forEach((v, j) => expect(y[i]?.[j]).toBeCloseTo(Math.exp(v) / z, 6));
      expect((y[i] ?? []).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
    });
    const cols = (await nodeFn(tf, softmaxNode, { axis: 0 }))(
      tf.tensor2d(rows),
    ).arraySync() as number[][];
    const z0 = Math.exp(1) + Math.exp(-1);
    expect(cols[0]?.[0]).toBeCloseTo(Math.exp(1) / z0, 6);
    expect((cols[0]?.[2] ?? 0) + (cols[1]?.[2] ?? 0)).toBeCloseTo(1, 6);
  });

  it('stays finite for large logits', async () => {
    const y = (await nodeFn(tf, softmaxNode))(tf.tensor2d([[1000, 1001]])).dataSync();
    expect(y[1]).toBeCloseTo(1 / (1 + Math.exp(-1)), 5);
  });

  it('has right first and second derivatives', async () => {
    const f = await nodeFn(tf, softmaxNode, { axis: 0 });
    const x = tf.tensor2d([-1.3, -0.4, 0.2, 0.9, 1.7, -2.2], [2, 3]);
    const wts = tf.tensor2d([0.3, -1, 2, 0.5, 1.5, -0.7], [2, 3]);
    expect(gradientCheck(tf, (a) => tf.sum(tf.mul(f(a), wts)), x).maxError).toBeLessThan(1e-2);
    const { analytic, numeric } = secondDerivative(
      tf,
      (a) => tf.mul(f(a), tf.tensor1d([1, -2, 0.5])),
      [0.3, -0.8, 1.5],
    );
    expect(Math.abs(analytic - numeric)).toBeLessThan(1e-2 * Math.max(1, Math.abs(numeric)));
  });
});
