import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../shared/test-kit';
import { mseNode } from './mse/mse.node';
import { l1Node } from './l1/l1.node';
import { bceNode } from './bce/bce.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = async (def: typeof mseNode, a: number[], b: number[], ports: [string, string], weight = 1): Promise<number> => {
  const layer = await def.build(tf, paramsOf(def, { weight }) as never, buildCtx({}));
  const out = layer.apply({ [ports[0]]: tf.tensor1d(a), [ports[1]]: tf.tensor1d(b) }, applyCtx());
  return (await out.loss!.data())[0]!;
};

describe('loss nodes', () => {
  it('mse, l1 and bce compute their formulas', async () => {
    expect(await value(mseNode, [1, 2, 3], [1, 0, 0], ['prediction', 'target'])).toBeCloseTo((0 + 4 + 9) / 3, 5);
    expect(await value(mseNode, [1, 2, 3], [1, 0, 0], ['prediction', 'target'], 2)).toBeCloseTo(26 / 3, 5);
    expect(await value(l1Node, [1, -2, 3], [0, 0, 0], ['prediction', 'target'])).toBeCloseTo(2, 5);
    // -[t log s(l) + (1-t) log(1-s(l))] for l = 0 is log 2; for l = 10, t = 1 about 4.54e-5; l = -30, t = 1 is 30.
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const ref = [[0, 1], [10, 1], [-30, 1], [2, 0]].map(([l, t]) => -(t! * Math.log(sig(l!)) + (1 - t!) * Math.log(1 - sig(l!))));
    const got = await value(bceNode, [0, 10, -30, 2], [1, 1, 1, 0], ['logits', 'target']);
    expect(got).toBeCloseTo(ref.reduce((a, b) => a + b) / 4, 4);
  });

  it('infers a scalar and names a shape mismatch', () => {
    const ok = infer(mseNode, { prediction: tensorType('float32', ['B', 28, 28, 1]), target: tensorType('float32', ['B', 28, 28, 1]) });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.loss).toEqual(tensorType('float32', []));
    const bad = infer(mseNode, { prediction: tensorType('float32', ['B', 28, 28, 3]), target: tensorType('float32', ['B', 28, 28, 1]) });
    expect(bad.diagnostics[0]?.port).toBe('target');
    expect(bad.diagnostics[0]?.message).toMatch(/B x 28 x 28 x 3.*same shape/);
    expect(infer(l1Node, {}).diagnostics.map((d) => d.port)).toEqual(['prediction', 'target']);
  });
});
