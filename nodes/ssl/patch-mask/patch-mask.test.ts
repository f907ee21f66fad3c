import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { infer } from '../../shared/test-kit';
import { maskPatches, patchMaskPlan, type PatchMaskParams } from './patch-mask.layer';
import { patchMaskNode } from './patch-mask.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const p: PatchMaskParams = { patch: 2, ratio: 0.5, fill: -1, seed: 3 };

describe('ssl/patch-mask', () => {
  it('hides exactly round(ratio x patches) whole patches per example, set to fill', async () => {
    const x = tf.ones([3, 4, 6, 2]);
    const { masked, mask } = maskPatches(tf, x, p, 0);
    expect(mask.shape).toEqual([3, 4, 6, 1]);
    const m = (await mask.array()) as number[][][][];
    const y = (await masked.array()) as number[][][][];
    for (let b = 0; b < 3; b++) {
      let hidden = 0;
      for (let gy = 0; gy < 2; gy++)
        for (let gx = 0; gx < 3; gx++) {
          const cell = [0, 1].flatMap((dy) =>
            [0, 1].map((dx) => m[b]![2 * gy + dy]![2 * gx + dx]![0]!),
          );
          expect(new Set(cell).size).toBe(1); // a whole patch or none of it
          hidden += cell[0]!;
          for (const dy of [0, 1])
            for (const dx of [0, 1])
              expect(y[b]![2 * gy + dy]![2 * gx + dx]).toEqual(cell[0] ? [-1, -1] : [1, 1]);
        }
      expect(hidden).toBe(3); // round(0.5 * 6)
    }
  });

  it('is seeded by (seed, step): same masks again, other masks at another step or seed', () => {
    const a = patchMaskPlan(p, 4, 8, 49);
    expect(patchMaskPlan(p, 4, 8, 49)).toEqual(a);
    expect(patchMaskPlan(p, 5, 8, 49)).not.toEqual(a);
    expect(patchMaskPlan({ ...p, seed: 4 }, 4, 8, 49)).not.toEqual(a);
  });

  it('infers masked and mask, and names a patch size that does not divide the image', () => {
    const x = tensorType('float32', ['B', 28, 28, 1]);
    const ok = infer(patchMaskNode, { x }, { patch: 4 });
    expect(ok.outputs.masked).toEqual(x);
    expect(ok.outputs.mask).toEqual(tensorType('float32', ['B', 28, 28, 1]));
    const bad = infer(patchMaskNode, { x }, { patch: 5 });
    expect(bad.diagnostics[0]?.message).toMatch(/height 28 is not a multiple of patch 5/);
  });
});
