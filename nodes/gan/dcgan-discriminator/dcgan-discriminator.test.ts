import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../shared/test-context';
import { createDcganDiscriminatorLayer } from './dcgan-discriminator.layer';
import { dcganDiscriminatorNode } from './dcgan-discriminator.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const params = {
  baseChannels: 4,
  kernel: 4,
  activation: 'leaky-relu',
  leak: 0.2,
  init: 'glorot',
  batchNorm: false,
  outputSigmoid: false,
};
const img = tensorType('float32', ['B', 28, 28, 1]);

describe('gan/dcgan-discriminator', () => {
  it('scores each image with one number and has the stated parameter count', () => {
    const layer = createDcganDiscriminatorLayer(tf, params, buildContext({ image: img }));
    const s = layer.apply({ image: tf.randomUniform([5, 28, 28, 1]) }, applyContext(5)).score;
    expect(s?.shape).toEqual([5, 1]);
    const count = Object.values(layer.weights).reduce((n, w) => n + w.size, 0);
    expect(count).toBe(4 * 4 * 1 * 4 + 4 + 4 * 4 * 4 * 8 + 8 + 7 * 7 * 8 + 1);
  });

  it('leaky-relu built from relu equals tf.leakyRelu', () => {
    const a = createDcganDiscriminatorLayer(tf, params, buildContext({ image: img }, 3));
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 5);
    const mine = a.apply({ image: x }, applyContext(2)).score!.dataSync();
    const w = a.weights;
    let h = tf.leakyRelu(
      tf.add(tf.conv2d(x as tf.Tensor4D, w['conv1W'] as tf.Tensor4D, 2, 'same'), w['conv1B']!),
      0.2,
    );
    h = tf.leakyRelu(
      tf.add(tf.conv2d(h as tf.Tensor4D, w['conv2W'] as tf.Tensor4D, 2, 'same'), w['conv2B']!),
      0.2,
    );
    const ref = tf.add(tf.matMul(tf.reshape(h, [2, -1]), w['denseW']!), w['denseB']!).dataSync();
    expect(mine[0]).toBeCloseTo(ref[0]!, 5);
    expect(mine[1]).toBeCloseTo(ref[1]!, 5);
  });

  it('batch norm after the second convolution adds 2 x 2F parameters and normalises per call', () => {
    const layer = createDcganDiscriminatorLayer(
      tf,
      { ...params, batchNorm: true },
      buildContext({ image: img }, 3),
    );
    expect(layer.weights['bnGamma']?.shape).toEqual([8]);
    const x = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 5);
    const alone = layer
      .apply({ image: x.slice([0, 0, 0, 0], [2, 28, 28, 1]) }, applyContext(2))
      .score!.dataSync();
    const together = layer.apply({ image: x }, applyContext(4)).score!.dataSync();
    expect(Math.abs(alone[0]! - together[0]!)).toBeGreaterThan(1e-4); // batch statistics couple the samples
  });

  it('outputSigmoid gives probabilities; shapes and diagnostics', () => {
    const layer = createDcganDiscriminatorLayer(
      tf,
      { ...params, outputSigmoid: true, activation: 'softplus' },
      buildContext({ image: img }),
    );
    const p = layer
      .apply({ image: tf.randomUniform([3, 28, 28, 1]) }, applyContext(3))
      .score!.dataSync();
    for (const v of p) expect(v > 0 && v < 1).toBe(true);
    const r = inferWith(dcganDiscriminatorNode, params, { image: img });
    expect(r.outputs['score']).toEqual(tensorType('float32', ['B', 1]));
    const bad = inferWith(dcganDiscriminatorNode, params, {
      image: tensorType('float32', ['B', 784]),
    });
    expect(bad.diagnostics[0]?.port).toBe('image');
  });
});
