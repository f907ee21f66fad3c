import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyContext, buildContext, inferWith } from '../../attention/test-context';
import { patchganDiscriminatorNode } from './patchgan-discriminator.node';
import { createPatchganDiscriminator } from './patchgan-discriminator.layer';

describe('vqgan/patchgan-discriminator', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives a 5x5 patch grid for 28x28 MNIST with 2 layers, and diagnoses images too small', () => {
    const r = inferWith(
      patchganDiscriminatorNode,
      { baseChannels: 8, layers: 2, norm: 'batch' },
      { image: tensorType('float32', ['B', 28, 28, 1]) },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs['logits']).toEqual(tensorType('float32', ['B', 5, 5, 1]));
    expect(r.outputs['scores']).toEqual(tensorType('float32', ['B*25', 1]));
    // The classic 3-layer PatchGAN on 256x256 gives the 30x30 grid of pix2pix.
    const big = inferWith(
      patchganDiscriminatorNode,
      { baseChannels: 64, layers: 3, norm: 'batch' },
      { image: tensorType('float32', [1, 256, 256, 3]) },
    );
    expect(big.outputs['logits']).toEqual(tensorType('float32', [1, 30, 30, 1]));
    const small = inferWith(
      patchganDiscriminatorNode,
      { baseChannels: 8, layers: 4, norm: 'none' },
      { image: tensorType('float32', ['B', 8, 8, 1]) },
    );
    expect(small.diagnostics[0]?.message).toMatch(/too small/);
  });

  it('builds with the inferred output shape and the pix2pix parameter count', () => {
    const layer = createPatchganDiscriminator(
      tf,
      { baseChannels: 4, layers: 2, norm: 'batch' },
      buildContext({ image: ['float32', [2, 12, 12, 1]] }),
    );
    // convs 1->4 (+bias), 4->8 (norm), 8->16 (norm), 16->1 (+bias)
    const expected = 16 * 4 + 4 + 16 * 4 * 8 + 2 * 8 + 16 * 8 * 16 + 2 * 16 + 16 * 16 + 1;
    expect(Object.values(layer.weights).reduce((s, w) => s + w.size, 0)).toBe(expected);
    const out = layer.apply(
      { image: tf.randomUniform([2, 12, 12, 1], 0, 1, 'float32', 1) },
      applyContext(),
    );
    expect(out['logits']?.shape).toEqual([2, 1, 1, 1]);
    expect(out['scores']?.shape).toEqual([2, 1]);
  });

  it('learns to tell patches of stripes from noise (hinge loss falls)', () => {
    const layer = createPatchganDiscriminator(
      tf,
      { baseChannels: 4, layers: 1, norm: 'none' },
      buildContext({ image: ['float32', [4, 8, 8, 1]] }),
    );
    const stripes = tf.tile(
      tf.reshape(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1]), [1, 1, 8, 1]),
      [4, 8, 1, 1],
    );
    const noise = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 3);
    const vars = Object.values(layer.weights);
    const loss = (): tf.Scalar =>
      tf.add(
        tf.mean(tf.relu(tf.sub(1, layer.apply({ image: stripes }, applyContext())['scores']!))),
        tf.mean(tf.relu(tf.add(1, layer.apply({ image: noise }, applyContext())['scores']!))),
      ) as tf.Scalar;
    const first = loss().dataSync()[0]!;
    const opt = tf.train.adam(0.01);
    for (let i = 0; i < 30; i++) opt.minimize(loss, false, vars);
    expect(first).toBeGreaterThan(1.8);
    expect(loss().dataSync()[0]!).toBeLessThan(1.0);
  });
});
