import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { optimizerNode } from './optimizer.node';
import { isOptimizerLayer, type OptimizerLayer } from './optimizer.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const make = async (given: Record<string, unknown>): Promise<OptimizerLayer> => {
  const l = await optimizerNode.build(tf, paramsOf(optimizerNode, given) as never, buildCtx({}));
  if (!isOptimizerLayer(l)) throw new Error('not an optimizer');
  return l;
};

describe('optimize/optimizer', () => {
  it('wants a scalar loss', () => {
    expect(infer(optimizerNode, { loss: tensorType('float32', []) }).diagnostics).toEqual([]);
    expect(
      infer(optimizerNode, { loss: tensorType('float32', ['B']) }).diagnostics[0]?.message,
    ).toMatch(/scalar/);
  });

  it('adam matches tf.train.adam step for step', async () => {
    const mine = tf.variable(tf.tensor1d([1, -2, 3]));
    const ref = tf.variable(tf.tensor1d([1, -2, 3]));
    const opt = await make({ algorithm: 'adam', lr: 0.1 });
    const tfAdam = tf.train.adam(0.1, 0.9, 0.999, 1e-8);
    const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.square(v), tf.tensor1d([1, 2, 3])));
    for (let i = 0; i < 5; i++) {
      const g = tf.grad(f)(mine);
      opt.update({ w: mine }, { w: g });
      tfAdam.minimize(() => f(ref) as tf.Scalar, false, [ref]);
    }
    const a = Array.from(await mine.data());
    const b = Array.from(await ref.data());
    a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 4));
  });

  it('sgd with clipping, weight clamp and rmsprop minimise a quadratic; state round-trips', async () => {
    const run = async (given: Record<string, unknown>, steps = 50) => {
      const v = tf.variable(tf.tensor1d([4, -3]));
      const opt = await make(given);
      for (let i = 0; i < steps; i++) opt.update({ v }, { v: tf.mul(v, 2) });
      return { v: Array.from(await v.data()), opt };
    };
    expect(Math.max(...(await run({ algorithm: 'sgd', lr: 0.1 })).v.map(Math.abs))).toBeLessThan(
      1e-3,
    );
    expect(
      Math.max(...(await run({ algorithm: 'rmsprop', lr: 0.02, beta2: 0.9 }, 400)).v.map(Math.abs)),
    ).toBeLessThan(0.1);
    // clipGradNorm 0.5 caps each step at lr * 0.5 = 0.05: after 1 step |v| drops by at most 0.05 in norm
    const clipped = await run({ algorithm: 'sgd', lr: 0.1, clipGradNorm: 0.5 }, 1);
    expect(Math.hypot(4 - clipped.v[0]!, -3 - clipped.v[1]!)).toBeCloseTo(0.05, 4);
    expect((await run({ algorithm: 'sgd', lr: -0.1, clipWeights: 0.01 }, 3)).v).toEqual([
      0.009999999776482582, -0.009999999776482582,
    ]);
    const { opt } = await run({ algorithm: 'adamw', lr: 0.01, weightDecay: 0.1 }, 3);
    const saved = opt.saveState();
    expect((await saved.t!.data())[0]).toBe(3);
    const other = await make({ algorithm: 'adamw', lr: 0.01, weightDecay: 0.1 });
    other.loadState(saved);
    expect(Object.keys(other.saveState()).sort()).toEqual(Object.keys(saved).sort());
  });
});
