import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { countParams, infer } from '../../shared/test-kit';
import { buildLayer, projectedGradientError, run } from '../../shape/shared/test-helpers';
import { sinusoidalNode } from './sinusoidal.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (...shape: (number | string)[]) => tensorType('float32', shape);

describe('position/sinusoidal', () => {
  it('timestep mode appends dim; sequence mode keeps the shape of x', () => {
    expect(infer(sinusoidalNode, { t: tensorType('int32', ['B']) }, { dim: 64 }).outputs).toEqual({
      emb: t('B', 64),
    });
    expect(infer(sinusoidalNode, { t: t('B', 'N') }, { dim: 8 }).outputs['emb']).toEqual(
      t('B', 'N', 8),
    );
    expect(infer(sinusoidalNode, { x: t('B', 'N', 32) }).outputs).toEqual({ y: t('B', 'N', 32) });
  });

  it('reports odd sizes, both inputs, neither input', () => {
    const one = (inputs: Record<string, ReturnType<typeof t>>, p: Record<string, unknown> = {}) =>
      infer(sinusoidalNode, inputs, p).diagnostics;
    expect(one({ t: t('B') }, { dim: 7 })[0]?.message).toMatch(/dim is 7.*even/);
    expect(one({ x: t('B', 'N', 33) })[0]?.message).toMatch(/D of x \(B x N x 33\).*even/);
    expect(one({ x: t('B', 'N', 'D') })[0]?.port).toBe('x');
    expect(one({ t: t('B'), x: t('B', 4, 8) })[0]?.message).toMatch(/not both/);
    expect(one({})[0]?.port).toBe('t');
    expect(one({ x: t('B', 8) })[0]?.message).toMatch(/rank-3/);
    expect(one({ t: tensorType('bool', ['B']) })[0]?.message).toMatch(/bool/);
  });

  it('gives sin / cos halves at t = 0 and t = 1 and large int32 steps', async () => {
    const dim = 8;
    const layer = await buildLayer(tf, sinusoidalNode, { dim }, { t: tensorType('int32', ['B']) });
    expect(countParams(layer.weights)).toBe(0);
    const emb = run(layer, { t: tf.tensor1d([0, 1, 999], 'int32') }, 'emb');
    expect(emb.shape).toEqual([3, dim]);
    const rows = emb.arraySync() as number[][];
    expect(rows[0]).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    for (const [r, tv] of [
      [1, 1],
      [2, 999],
    ] as const)
      for (let i = 0; i < 4; i++) {
        const w = Math.pow(10000, -i / 4);
        expect(rows[r]![i]).toBeCloseTo(Math.sin(tv * w), 4);
        expect(rows[r]![4 + i]).toBeCloseTo(Math.cos(tv * w), 4);
      }
    expect(rows[1]![0]).toBeCloseTo(Math.sin(1), 6);
    expect(rows[1]![5]).toBeCloseTo(Math.cos(0.1), 6);
  });

  it('adds the encoding of positions 0..N-1 in sequence mode', async () => {
    const layer = await buildLayer(tf, sinusoidalNode, { maxPeriod: 100 }, { x: t('B', 'N', 4) });
    const x = tf.randomNormal([2, 3, 4], 0, 1, 'float32', 1);
    const y = run(layer, { x }, 'y');
    const pe = tf.sub(y, x).arraySync() as number[][][];
    for (const b of [0, 1])
      for (let n = 0; n < 3; n++) {
        const want = [Math.sin(n), Math.sin(n / 10), Math.cos(n), Math.cos(n / 10)];
        want.forEach((v, i) => expect(pe[b]![n]![i]).toBeCloseTo(v, 5));
      }
  });

  it('passes gradients to x and to float timesteps', async () => {
    const seq = await buildLayer(tf, sinusoidalNode, {}, { x: t('B', 'N', 6) });
    const x = tf.randomNormal([2, 3, 6], 0, 1, 'float32', 2);
    expect(projectedGradientError(tf, seq, { x }, 'x', 'y')).toBeLessThan(1e-2);
    const time = await buildLayer(tf, sinusoidalNode, { dim: 6, maxPeriod: 10 }, { t: t('B') });
    const ts = tf.tensor1d([0.3, 1.7, 4.2]);
    expect(projectedGradientError(tf, time, { t: ts }, 't', 'emb', { eps: 1e-3 })).toBeLessThan(
      1e-2,
    );
  });
});
