import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyContext,
  buildContext,
  checkAutoregressive,
  imageType,
  inferWith,
  rasterOrder,
} from '../shared/testing';
import { pixelcnnNode } from './pixelcnn.node';
import { createPixelcnnLayer } from './pixelcnn.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const params = { features: 8, blocks: 2, firstKernel: 7, outputFeatures: 6 };

describe('autoregressive/pixelcnn', () => {
  it('infers logits shaped like a single-channel image and rejects colour images with a fix', () => {
    const ok = inferWith(pixelcnnNode, params, { x: imageType(28, 28) });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.logits).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 28, 28, 1],
    });
    const rgb = inferWith(pixelcnnNode, params, { x: imageType(32, 32, 3) });
    expect(rgb.diagnostics[0]?.message).toMatch(/single-channel/);
  });

  it('counts its weights', () => {
    const layer = createPixelcnnLayer(tf, params, buildContext({ x: imageType(5, 5) }));
    const n = Object.values(layer.weights).reduce((s, w) => s + w.size, 0);
    const f = 8;
    const h = 4;
    const block = f * h + h + 5 * h * h + h + h * f + f;
    expect(n).toBe(24 * f + f + 2 * block + f * 6 + 6 + 6 + 1);
  });

  it('is exactly autoregressive in raster order (no output sees its own pixel or later ones)', () => {
    const layer = createPixelcnnLayer(tf, params, buildContext({ x: imageType(6, 6) }));
    const r = checkAutoregressive(
      tf,
      (x) => layer.apply({ x }, applyContext()).logits!,
      [6, 6, 1],
      rasterOrder(36),
    );
    expect(r.violations).toBe(0);
    // The receptive field grows with depth but has the known blind spot, so not every pair is used.
    expect(r.dependencies / r.possible).toBeGreaterThan(0.3);
  });

  it('has gradients for every weight, without conv2d gradient kernels', () => {
    const layer = createPixelcnnLayer(tf, params, buildContext({ x: imageType(5, 5) }));
    const x = tf.randomUniform([2, 5, 5, 1], 0, 1, 'float32', 4).round();
    const { grads } = tf.variableGrads(
      () => tf.sum(tf.square(layer.apply({ x }, applyContext()).logits!)) as tf.Scalar,
      Object.values(layer.weights),
    );
    expect(Object.keys(grads)).toHaveLength(Object.keys(layer.weights).length);
    for (const g of Object.values(grads))
      expect(Number.isFinite(g.abs().sum().dataSync()[0])).toBe(true);
  });
});
