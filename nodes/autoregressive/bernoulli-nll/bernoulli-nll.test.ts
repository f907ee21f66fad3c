import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyContext, buildContext, imageType, inferWith } from '../shared/testing';
import { bernoulliNllNode } from './bernoulli-nll.node';
import { createBernoulliNllLayer } from './bernoulli-nll.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('autoregressive/bernoulli-nll', () => {
  it('gives d ln 2 nats for a uniform model (543.4 on 28x28)', () => {
    const layer = createBernoulliNllLayer(tf, {}, buildContext({}));
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 1).round();
    const out = layer.apply({ logits: tf.zeros([3, 28, 28, 1]), target: x }, applyContext());
    expect(out.loss!.dataSync()[0]).toBeCloseTo(784 * Math.LN2, 2);
    expect(out.perExample!.shape).toEqual([3]);
  });

  it('matches -sum log p by hand, stays finite for extreme logits, and sums pixels while averaging images', () => {
    const layer = createBernoulliNllLayer(tf, {}, buildContext({}));
    const logits = tf.tensor4d([2, -1, 80, -80, 0.5, -0.5, 1, 1], [2, 2, 2, 1]);
    const target = tf.tensor4d([1, 0, 1, 1, 0, 1, 0, 1], [2, 2, 2, 1]);
    const sig = (z: number): number => 1 / (1 + Math.exp(-z));
    const img1 = -Math.log(sig(2)) - Math.log(1 - sig(-1)) - Math.log(sig(80)) + 80; // log sig(-80) = -80 - log1p(e^-80)
    const img2 =
      -Math.log(1 - sig(0.5)) - Math.log(sig(-0.5)) - Math.log(1 - sig(1)) - Math.log(sig(1));
    const out = layer.apply({ logits, target }, applyContext());
    const per = out.perExample!.dataSync();
    expect(per[0]).toBeCloseTo(img1, 4);
    expect(per[1]).toBeCloseTo(img2, 4);
    expect(out.loss!.dataSync()[0]).toBeCloseTo((img1 + img2) / 2, 4);
  });

  it('reports unconnected or mismatched inputs as diagnostics', () => {
    expect(
      inferWith(bernoulliNllNode, {}, { logits: imageType(28, 28) }).diagnostics[0]?.port,
    ).toBe('target');
    const bad = inferWith(
      bernoulliNllNode,
      {},
      { logits: imageType(28, 28), target: imageType(14, 14) },
    );
    expect(bad.diagnostics[0]?.message).toMatch(/same images/);
    const ok = inferWith(
      bernoulliNllNode,
      {},
      { logits: imageType(28, 28), target: imageType(28, 28) },
    );
    expect(ok.outputs.loss).toEqual({ kind: 'tensor', dtype: 'float32', shape: [] });
  });
});
