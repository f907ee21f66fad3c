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
import { fvsbnNode } from './fvsbn.node';
import { createFvsbnLayer } from './fvsbn.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('autoregressive/fvsbn', () => {
  it('infers logits with the shape of the images, and names the fix for a bad input', () => {
    const ok = inferWith(fvsbnNode, { initScale: 0 }, { x: imageType(28, 28) });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.logits).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 28, 28, 1],
    });
    const missing = inferWith(fvsbnNode, { initScale: 0 }, {});
    expect(missing.diagnostics[0]?.port).toBe('x');
    expect(missing.diagnostics[0]?.message).toMatch(/connect/);
  });

  it('has d*d + d weights and starts as the uniform model at initScale 0', () => {
    const layer = createFvsbnLayer(tf, { initScale: 0 }, buildContext({ x: imageType(4, 4) }));
    expect(layer.weights.w?.shape).toEqual([16, 16]);
    expect(layer.weights.b?.shape).toEqual([16]);
    const logits = tf.tidy(
      () =>
        layer
          .apply({ x: tf.ones([2, 4, 4, 1]) }, applyContext())
          .logits!.abs()
          .max()
          .dataSync()[0],
    );
    expect(logits).toBe(0);
    layer.dispose?.();
  });

  it('is exactly autoregressive in raster order: output i ignores inputs >= i and uses every input < i', () => {
    const layer = createFvsbnLayer(tf, { initScale: 0.5 }, buildContext({ x: imageType(4, 5) }));
    const r = checkAutoregressive(
      tf,
      (x) => layer.apply({ x }, applyContext()).logits!,
      [4, 5, 1],
      rasterOrder(20),
    );
    expect(r.violations).toBe(0);
    expect(r.dependencies).toBe(r.possible);
    expect(r.possible).toBe((20 * 19) / 2);
    layer.dispose?.();
  });

  it('computes b_i + sum_{j<i} W_ji x_j', () => {
    const layer = createFvsbnLayer(tf, { initScale: 0.3 }, buildContext({ x: imageType(1, 3) }));
    const w = layer.weights.w!.arraySync() as number[][];
    layer.weights.b!.assign(tf.tensor1d([0.1, -0.2, 0.3]));
    const x = [1, 1, 0];
    const got = tf.tidy(() =>
      Array.from(
        layer.apply({ x: tf.tensor4d(x, [1, 1, 3, 1]) }, applyContext()).logits!.dataSync(),
      ),
    );
    const row = (i: number): number =>
      w.slice(0, i).reduce((s, wr, j) => s + (wr[i] as number) * (x[j] as number), 0);
    expect(got[0]).toBeCloseTo(0.1, 6);
    expect(got[1]).toBeCloseTo(-0.2 + row(1), 6);
    expect(got[2]).toBeCloseTo(0.3 + row(2), 6);
    layer.dispose?.();
  });
});
