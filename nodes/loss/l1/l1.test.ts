import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import type { AnyNodeDefinition } from '../../../core/node-contract/node-definition';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { l1Node } from './l1.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const value = async (
  def: AnyNodeDefinition,
  a: number[],
  b: number[],
  ports: [string, string],
  weight = 1,
): Promise<number> => {
  const layer = await def.build(tf, paramsOf(def, { weight }) as never, buildCtx({}));
  const out = layer.apply({ [ports[0]]: tf.tensor1d(a), [ports[1]]: tf.tensor1d(b) }, applyCtx());
  return (await out.loss!.data())[0]!;
};

describe('loss/l1', () => {
  it('computes w * mean(|p - t|)', async () => {
    expect(await value(l1Node, [1, -2, 3], [0, 0, 0], ['prediction', 'target'])).toBeCloseTo(2, 5);
    expect(await value(l1Node, [1, -2, 3], [0, 0, 0], ['prediction', 'target'], 0.5)).toBeCloseTo(
      1,
      5,
    );
  });
  it('asks for both inputs', () => {
    expect(infer(l1Node, {}).diagnostics.map((d) => d.port)).toEqual(['prediction', 'target']);
    expect(
      infer(l1Node, {
        prediction: tensorType('float32', ['B', 4]),
        target: tensorType('float32', ['B', 4]),
      }).diagnostics,
    ).toEqual([]);
  });
});
