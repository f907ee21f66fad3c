import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyContext } from '../shared/test-context';
import { createLatentNoiseLayer } from './latent-noise.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('gan/latent-noise', () => {
  it('draws B x Z normal noise, reproducible for a seed and fresh across calls', () => {
    const layer = createLatentNoiseLayer(tf, { dim: 16, distribution: 'normal' });
    const ctx = applyContext(256, 42);
    const a = layer.apply({}, ctx).z!;
    const b = layer.apply({}, ctx).z!;
    const again = layer.apply({}, applyContext(256, 42)).z!;
    expect(a.shape).toEqual([256, 16]);
    expect(Array.from(again.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(a.dataSync()[0]).not.toBe(b.dataSync()[0]);
    const v = Array.from(a.dataSync());
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sd - 1)).toBeLessThan(0.05);
  });

  it('uniform noise lies in [-1, 1)', () => {
    const v = createLatentNoiseLayer(tf, { dim: 8, distribution: 'uniform' })
      .apply({}, applyContext(64))
      .z!.dataSync();
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...v)).toBeLessThan(1);
  });
});
