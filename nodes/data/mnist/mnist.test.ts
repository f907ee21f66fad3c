import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { DatasetArrays } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf, testEnv, testRng } from '../../shared/test-kit';
import { mnistNode } from './mnist.node';
import { fashionMnistNode } from '../fashion-mnist/fashion-mnist.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fake = (split: string): DatasetArrays => {
  const count = 3;
  const images = new Float32Array(count * 4);
  for (let i = 0; i < images.length; i++) images[i] = (i % 4) / 4 + (split === 'test' ? 0.05 : 0);
  return {
    name: 'mnist',
    images,
    labels: Int32Array.from([0, 1, 2]),
    count,
    height: 2,
    width: 2,
    channels: 1,
    classes: 10,
  };
};

describe('data/mnist and data/fashion-mnist', () => {
  it('infer B x 28 x 28 x 1 images and say how to install a missing dataset', () => {
    const r = infer(mnistNode, {});
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.image).toEqual(tensorType('float32', ['B', 28, 28, 1]));
    expect(r.outputs.label).toEqual(tensorType('int32', ['B']));
    const f = infer(fashionMnistNode, {}, {}, testEnv);
    expect(f.diagnostics[0]?.message).toMatch(/apt-get install dataset-fashion-mnist/);
  });

  it('samples seeded batches from the split, normalised or binarised', async () => {
    const data = { load: async (_name: string, split: 'train' | 'test') => fake(split) };
    const ctx = buildCtx({}, {}, { data });
    const layer = await mnistNode.build(
      tf,
      paramsOf(mnistNode, { normalize: '-1..1' }) as never,
      ctx,
    );
    const out = layer.apply({}, applyCtx({ batchSize: 5, rng: testRng(11) }));
    expect(out.image!.shape).toEqual([5, 2, 2, 1]);
    expect(out.label!.dtype).toBe('int32');
    expect(Array.from(await out.image!.data()).slice(0, 4)).toEqual([-1, -0.5, 0, 0.5]);
    const again = layer.apply({}, applyCtx({ batchSize: 5, rng: testRng(11) }));
    expect(Array.from(await again.label!.data())).toEqual(Array.from(await out.label!.data()));
    const bin = await mnistNode.build(tf, paramsOf(mnistNode, { binarize: true }) as never, ctx);
    const test = bin.apply({}, applyCtx({ batchSize: 1, split: 'test', rng: testRng(2) }));
    expect(Array.from(await test.image!.data())).toEqual([0, 0, 1, 1]);
  });
});
