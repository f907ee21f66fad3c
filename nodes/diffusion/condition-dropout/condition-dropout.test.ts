import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, testRng } from '../../shared/test-kit';
import { conditionDropoutNode } from './condition-dropout.node';
import { createConditionDropoutLayer } from './condition-dropout.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const build = (p: number, d = 3) =>
  createConditionDropoutLayer(tf, { p }, buildCtx({ condition: tensorType('float32', ['B', d]) }));

describe('diffusion/condition-dropout', () => {
  it('types y and null like the condition; names the fix for an unknown row shape', () => {
    const r = infer(conditionDropoutNode, { condition: tensorType('float32', ['B', 64]) });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.null).toEqual(tensorType('float32', ['B', 64]));
    const bad = infer(conditionDropoutNode, { condition: tensorType('float32', ['B', 'D']) });
    expect(bad.diagnostics[0]?.message).toMatch(/known per-example shape/);
    const ints = infer(conditionDropoutNode, { condition: tensorType('int32', ['B']) });
    expect(ints.diagnostics[0]?.message).toMatch(/Embedding first/);
  });

  it('has one zero-initialised weight of the row shape', () => {
    const layer = build(0.1, 5);
    expect(Object.keys(layer.weights)).toEqual(['null']);
    expect(layer.weights.null!.shape).toEqual([5]);
    expect(Array.from(layer.weights.null!.dataSync())).toEqual([0, 0, 0, 0, 0]);
  });

  it('replaces a fraction p of 10k examples in training, reproducibly; identity at eval', () => {
    const layer = build(0.1, 2);
    layer.weights.null!.assign(tf.tensor1d([-5, -5]));
    const n = 10000;
    const c = tf.ones([n, 2]);
    const y = layer.apply({ condition: c }, applyCtx({ rng: testRng(11) })).y!.dataSync();
    let replaced = 0;
    for (let i = 0; i < n; i++)
      if (y[2 * i] === -5 && y[2 * i + 1] === -5) replaced++;
      else expect([y[2 * i], y[2 * i + 1]]).toEqual([1, 1]);
    // Binomial(10000, 0.1): std 30; tolerance 0.01 = 3.3 std.
    expect(Math.abs(replaced / n - 0.1)).toBeLessThan(0.01);
    const again = layer.apply({ condition: c }, applyCtx({ rng: testRng(11) })).y!.dataSync();
    expect(Array.from(again)).toEqual(Array.from(y));
    const ev = layer.apply({ condition: c }, applyCtx({ training: false })).y!;
    expect(Array.from(ev.dataSync()).every((v) => v === 1)).toBe(true);
    const nul = layer.apply({ condition: c }, applyCtx({ training: false })).null!;
    expect(nul.shape).toEqual([n, 2]);
    expect(nul.dataSync()[7]).toBe(-5);
  });

  it('the gradient reaches the null embedding only through the replaced rows', () => {
    const layer = build(0.5, 3);
    const b = 16;
    const c = tf.randomNormal([b, 3], 0, 1, 'float32', 1);
    const rowW = tf.tensor2d(Array.from({ length: b }, (_, i) => [i + 1, i + 1, i + 1]));
    // loss = sum(y * rowW): d loss / d null = sum of rowW over the replaced rows.
    const f = (): tf.Scalar =>
      tf.sum(tf.mul(layer.apply({ condition: c }, applyCtx({ rng: testRng(4) })).y!, rowW));
    const { grads } = tf.variableGrads(f, [layer.weights.null!]);
    const y = layer
      .apply({ condition: c }, applyCtx({ rng: testRng(4) }))
      .y!.arraySync() as number[][];
    const cv = c.arraySync() as number[][];
    const replaced = y.map((row, i) => row[0] !== cv[i]![0]);
    expect(replaced.some(Boolean)).toBe(true);
    expect(replaced.some((r) => !r)).toBe(true);
    const expected = replaced.reduce((s, r, i) => s + (r ? i + 1 : 0), 0);
    expect(Array.from(grads[layer.weights.null!.name]!.dataSync())).toEqual([
      expected,
      expected,
      expected,
    ]);
    // At eval nothing is replaced: no gradient reaches the null embedding through y.
    const g0 = tf.variableGrads(
      () =>
        tf.sum(
          tf.add(
            layer.apply({ condition: c }, applyCtx({ training: false })).y!,
            tf.mul(layer.weights.null!, 0),
          ),
        ),
      [layer.weights.null!],
    ).grads[layer.weights.null!.name]!;
    expect(Array.from(g0.dataSync())).toEqual([0, 0, 0]);
  });
});

describe('diffusion/condition-dropout with a caption and its padding mask', () => {
  it('types the mask; names the fix for a mask of other tokens', () => {
    const cond = tensorType('float32', ['B', 8, 64]);
    const r = infer(conditionDropoutNode, {
      condition: cond,
      mask: tensorType('float32', ['B', 8]),
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.mask).toEqual(tensorType('float32', ['B', 8]));
    expect(infer(conditionDropoutNode, { condition: cond }).outputs.mask).toBeUndefined();
    const bad = infer(conditionDropoutNode, {
      condition: cond,
      mask: tensorType('float32', ['B', 6]),
    });
    expect(bad.diagnostics[0]).toMatchObject({ severity: 'error', port: 'mask' });
    expect(bad.diagnostics[0]?.message).toMatch(/padding mask of the same tokens/);
  });

  it('replaced rows get the whole null sequence and an all-ones mask; kept rows keep theirs', () => {
    const layer = createConditionDropoutLayer(
      tf,
      { p: 0.5 },
      buildCtx({ condition: tensorType('float32', ['B', 3, 2]) }),
    );
    layer.weights.null!.assign(tf.fill([3, 2], -5));
    const b = 64;
    const cond = tf.ones([b, 3, 2]);
    const keyMask = tf.tile(tf.tensor2d([[1, 1, 0]]), [b, 1]);
    const out = layer.apply({ condition: cond, mask: keyMask }, applyCtx({ rng: testRng(3) }));
    const y = out.y!.arraySync() as number[][][];
    const m = out.mask!.arraySync() as number[][];
    let replaced = 0;
    y.forEach((row, i) => {
      if (row[0]![0] === -5) {
        replaced++;
        expect(row.flat().every((v) => v === -5)).toBe(true);
        expect(m[i]).toEqual([1, 1, 1]);
      } else expect(m[i]).toEqual([1, 1, 0]);
    });
    expect(replaced).toBeGreaterThan(16);
    expect(replaced).toBeLessThan(48);
    const ev = layer.apply({ condition: cond, mask: keyMask }, applyCtx({ training: false }));
    expect(ev.mask!.arraySync()).toEqual(keyMask.arraySync());
  });
});
