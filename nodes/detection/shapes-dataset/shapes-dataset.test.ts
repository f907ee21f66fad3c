import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { applyCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { shapesDatasetNode } from './shapes-dataset.node';
import { drawScene, type SceneOptions } from './shapes-scene';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const opts: SceneOptions = {
  size: 32,
  minObjects: 1,
  maxObjects: 6,
  classes: 4,
  minSide: 6,
  maxSide: 14,
  seed: 3,
  boxFormat: 'cxcywh',
};

describe('detection/shapes-dataset', () => {
  it('is deterministic per (seed, split, index), and the splits and seeds differ', () => {
    const a = drawScene(opts, 'train', 17);
    expect(drawScene(opts, 'train', 17)).toEqual(a);
    expect(drawScene(opts, 'test', 17).image).not.toEqual(a.image);
    expect(drawScene({ ...opts, seed: 4 }, 'train', 17).image).not.toEqual(a.image);
  });

  it('boxes contain exactly the pixels drawn for their object, over 200 scenes', () => {
    const counts = new Map<number, number>();
    const labels = new Set<number>();
    let outside = 0;
    let brightBackground = 0;
    let dimObject = 0;
    for (let i = 0; i < 200; i++) {
      const sc = drawScene(opts, 'train', i);
      expect(sc.objects.length).toBeGreaterThanOrEqual(1);
      expect(sc.objects.length).toBeLessThanOrEqual(6);
      counts.set(sc.objects.length, (counts.get(sc.objects.length) ?? 0) + 1);
      sc.objects.forEach((ob, k) => {
        labels.add(ob.label);
        const [cx, cy, w, h] = ob.box;
        let minX = 99,
          minY = 99,
          maxX = -1,
          maxY = -1;
        sc.owner.forEach((o, p) => {
          if (o !== k) return;
          const x = p % 32,
            y = Math.floor(p / 32);
          // Pixel (x, y) spans [x/32, (x+1)/32]: it must lie inside the normalised box.
          const e = 1e-6;
          if (
            x / 32 < cx - w / 2 - e ||
            (x + 1) / 32 > cx + w / 2 + e ||
            y / 32 < cy - h / 2 - e ||
            (y + 1) / 32 > cy + h / 2 + e
          )
            outside++;
          [minX, minY, maxX, maxY] = [
            Math.min(minX, x),
            Math.min(minY, y),
            Math.max(maxX, x),
            Math.max(maxY, y),
          ];
        });
        // ... and the box is tight: its edges are the outermost drawn pixels.
        expect([minX, minY, maxX + 1, maxY + 1].map((v) => v / 32)).toEqual(
          [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2].map((v) => expect.closeTo(v, 6)),
        );
      });
      sc.owner.forEach((o, p) => {
        const v = Math.max(...sc.image.subarray(p * 3, p * 3 + 3));
        if (o < 0 && v >= 0.2) brightBackground++;
        if (o >= 0 && v < 0.45) dimObject++;
      });
    }
    expect({ outside, brightBackground, dimObject }).toEqual({
      outside: 0,
      brightBackground: 0,
      dimObject: 0,
    });
    expect(labels).toEqual(new Set([0, 1, 2, 3]));
    expect(counts.size).toBeGreaterThanOrEqual(5); // 1..6 objects all occur (6 fit on 32 x 32 rarely)
  });

  it('gives padded batches: label = classes and mask 0 in unused slots; xyxy on request', () => {
    const params = paramsOf(shapesDatasetNode, { maxObjects: 4, classes: 3, boxFormat: 'xyxy' });
    const layer = shapesDatasetNode.build(tf, params as never, {} as never) as ReturnType<
      typeof shapesDatasetNode.build
    > & { apply: (i: object, c: object) => Record<string, tf.Tensor> };
    const out = layer.apply({}, applyCtx({ batchSize: 8, rng: testRng(5) }));
    expect(out.image!.shape).toEqual([8, 32, 32, 3]);
    expect(out.boxes!.shape).toEqual([8, 4, 4]);
    const labels = out.labels!.dataSync();
    const mask = out.mask!.dataSync();
    const boxes = out.boxes!.dataSync();
    let real = 0;
    mask.forEach((m, k) => {
      if (m === 1) {
        real++;
        expect(labels[k]).toBeLessThan(3);
        expect(boxes[k * 4 + 2]!).toBeGreaterThan(boxes[k * 4]!); // x1 > x0
      } else {
        expect(m).toBe(0);
        expect(labels[k]).toBe(3);
        expect([...boxes.subarray(k * 4, k * 4 + 4)]).toEqual([0, 0, 0, 0]);
      }
    });
    expect(real).toBeGreaterThanOrEqual(8);
    // The same RNG state draws the same batch.
    const again = layer.apply({}, applyCtx({ batchSize: 8, rng: testRng(5) }));
    expect(again.image!.dataSync()).toEqual(out.image!.dataSync());
  });

  it('names the fix for impossible sizes', () => {
    const d = infer(shapesDatasetNode, {}, { minObjects: 5, maxObjects: 2 }).diagnostics;
    expect(d[0]?.message).toMatch(/lower minObjects or raise maxObjects/);
    const e = infer(shapesDatasetNode, {}, { maxSide: 40, size: 32 }).diagnostics;
    expect(e[0]?.message).toMatch(/minSide <= maxSide <= size/);
    expect(infer(shapesDatasetNode, {}, {}).outputs.boxes).toEqual({
      kind: 'tensor',
      dtype: 'float32',
      shape: ['B', 6, 4],
    });
  });
});
