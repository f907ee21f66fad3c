import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  applyContext,
  buildContext,
  checkAutoregressive,
  imageType,
  inferWith,
} from '../shared/testing';
import { madeConnectivity, packMaskHex, unpackMaskHex, type MadeMaskPreview } from './made-masks';
import { madeNode } from './made.node';
import { createMadeLayer } from './made.layer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('MADE connectivity (Germain et al. eqs. 12-13)', () => {
  it('draws hidden degrees in [min previous degree, D-1] and builds masks from them', () => {
    const c = madeConnectivity(10, [16, 12], 'random', 5, true);
    expect([...c.order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(c.order).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const deg of c.degrees.slice(1)) for (const m of deg) expect(m >= 1 && m <= 9).toBe(true);
    const [w1, w2, v, a] = c.masks;
    expect([w1?.rows, w1?.cols, w2?.rows, w2?.cols, v?.rows, v?.cols, a?.rows, a?.cols]).toEqual([
      10, 16, 16, 12, 12, 10, 10, 10,
    ]);
    const d0 = c.degrees[0]!;
    const d1 = c.degrees[1]!;
    for (let r = 0; r < 10; r++)
      for (let k = 0; k < 16; k++) expect(w1!.data[r * 16 + k]).toBe(d1[k]! >= d0[r]! ? 1 : 0);
    // same seed, same masks
    expect(madeConnectivity(10, [16, 12], 'random', 5, true).degrees).toEqual(c.degrees);
  });

  it('packs masks to hex and back', () => {
    const bits = Uint8Array.from([1, 0, 1, 1, 0, 0, 0, 1, 1]);
    const hex = packMaskHex(bits);
    expect(hex).toBe('b18');
    expect(Array.from(unpackMaskHex(hex, 9))).toEqual(Array.from(bits));
  });
});

describe('autoregressive/made', () => {
  it('infers logits shaped like the images and an int32 order of length d', () => {
    const r = inferWith(
      madeNode,
      { hidden: [8], order: 'natural', maskSeed: 1, directConnection: false },
      { x: imageType(28, 28) },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.logits).toEqual({ kind: 'tensor', dtype: 'float32', shape: ['B', 28, 28, 1] });
    expect(r.outputs.order).toEqual({ kind: 'tensor', dtype: 'int32', shape: [784] });
  });

  for (const order of ['natural', 'random'] as const)
    for (const direct of [false, true])
      it(`is exactly autoregressive in its ${order} order (two hidden layers, direct=${direct})`, () => {
        const layer = createMadeLayer(
          tf,
          { hidden: [40, 30], order, maskSeed: 11, directConnection: direct },
          buildContext({ x: imageType(4, 4) }),
        );
        const ord = Array.from(
          tf.tidy(() =>
            layer.apply({ x: tf.zeros([1, 4, 4, 1]) }, applyContext()).order!.dataSync(),
          ),
        );
        expect([...ord].sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
        const r = checkAutoregressive(
          tf,
          (x) => layer.apply({ x }, applyContext()).logits!,
          [4, 4, 1],
          ord,
        );
        expect(r.violations).toBe(0);
        // With 40 and 30 hidden units most allowed paths exist; with the direct layer all do.
        expect(r.dependencies / r.possible).toBeGreaterThan(direct ? 0.999 : 0.5);
        layer.dispose?.();
      });

  it('previews its masks and degrees, consistent with the weights it uses', () => {
    const layer = createMadeLayer(
      tf,
      { hidden: [20], order: 'random', maskSeed: 3, directConnection: false },
      buildContext({ x: imageType(3, 3) }),
    );
    const p = layer.preview?.() as MadeMaskPreview;
    expect(p.kind).toBe('made-masks');
    expect(p.inputShape).toEqual([3, 3, 1]);
    expect(p.masks.map((m) => m.name)).toEqual(['w1', 'v']);
    expect(p.degrees[1]).toHaveLength(20);
    const v = p.masks[1]!;
    const bits = unpackMaskHex(v.bitsHex, v.rows * v.cols);
    expect(bits.reduce((s, b) => s + b, 0)).toBe(v.connections);
    // The output of the first pixel in the order (degree 1) has no incoming connection.
    const first = p.order.indexOf(0);
    for (let k = 0; k < v.rows; k++) expect(bits[k * v.cols + first]).toBe(0);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    layer.dispose?.();
  });

  it('counts weights: (d*k + k) + (k*d + d)', () => {
    const layer = createMadeLayer(
      tf,
      { hidden: [7], order: 'natural', maskSeed: 1, directConnection: false },
      buildContext({ x: imageType(2, 3) }),
    );
    expect(Object.keys(layer.weights).sort()).toEqual(['b1', 'c', 'v', 'w1']);
    expect(Object.values(layer.weights).reduce((s, w) => s + w.size, 0)).toBe(
      6 * 7 + 7 + 7 * 6 + 6,
    );
    layer.dispose?.();
  });
});
