import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, infer, paramsOf } from '../../shared/test-kit';
import { boxOverlayNode } from './box-overlay.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('detection/box-overlay', () => {
  it('draws the true box in white and a confident prediction in its class colour; skips unsure ones', () => {
    const layer = boxOverlayNode.build(
      tf,
      paramsOf(boxOverlayNode, { scale: 2 }) as never,
      {} as never,
    ) as {
      apply: (i: Record<string, tf.Tensor>, c: unknown) => Record<string, tf.Tensor>;
    };
    // 8 x 8 black image; truth: x0..x1 = 0..0.5 (pixels 0-3 -> 0-7 at scale 2); query 0 class 1
    // (green) sure, at 0.5..1 x 0.5..1; query 1 unsure (uniform probabilities).
    const out = layer.apply(
      {
        image: tf.zeros([1, 8, 8, 3]),
        logits: tf.tensor3d([
          [
            [0, 5, 0],
            [0, 0, 0],
          ],
        ]),
        boxes: tf.tensor3d([
          [
            [0.75, 0.75, 0.5, 0.5],
            [0.5, 0.5, 0.9, 0.9],
          ],
        ]),
        targetBoxes: tf.tensor3d([[[0.25, 0.25, 0.5, 0.5]]]),
        targetMask: tf.tensor2d([[1]]),
      },
      applyCtx({ batchSize: 1 }),
    ).y!;
    expect(out.shape).toEqual([1, 16, 16, 3]);
    const px = (x: number, y: number) => [
      ...out.dataSync().subarray((y * 16 + x) * 3, (y * 16 + x) * 3 + 3),
    ];
    expect(px(0, 0)).toEqual([1, 1, 1]); // true box corner
    expect(px(7, 3)).toEqual([1, 1, 1]); // its right edge
    expect(px(3, 3)).toEqual([0, 0, 0]); // inside, not drawn
    expect(px(8, 8).map((v) => Number(v.toFixed(2)))).toEqual([0.2, 1, 0.2]); // predicted, green
    expect(px(15, 12).map((v) => Number(v.toFixed(2)))).toEqual([0.2, 1, 0.2]);
    expect(px(1, 14)).toEqual([0, 0, 0]); // the unsure query's box (0.05..0.95) is not drawn
  });

  it('infers the scaled size and asks for both target inputs', () => {
    const base = {
      image: tensorType('float32', ['B', 32, 32, 3]),
      logits: tensorType('float32', ['B', 8, 4]),
      boxes: tensorType('float32', ['B', 8, 4]),
    };
    expect(infer(boxOverlayNode, base).outputs.y).toEqual(
      tensorType('float32', ['B', 128, 128, 3]),
    );
    const d = infer(boxOverlayNode, {
      ...base,
      targetBoxes: tensorType('float32', ['B', 4, 4]),
    }).diagnostics;
    expect(d[0]?.message).toMatch(/connect both targetBoxes and targetMask/);
  });
});
