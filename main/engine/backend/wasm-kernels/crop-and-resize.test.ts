import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../select-backend';
import { randomArray, runOn } from '../backend-test-utils';

const maxDiff = (a: Float32Array, b: Float32Array): number =>
  a.length !== b.length ? Infinity : Math.max(0, ...a.map((v, i) => Math.abs(v - b[i]!)));

describe('wasm CropAndResize matches TensorFlow (the cpu backend)', () => {
  beforeAll(async () => {
    const { info } = await initBackend({ backend: 'wasm' });
    expect(info.name).toBe('wasm');
  });

  it('interpolates rows of a full-width box, which the stock wasm kernel skipped', async () => {
    const x = Array.from({ length: 6 * 5 }, (_, i) => Math.sin(i * 0.37));
    const fn = (): tf.Tensor =>
      tf.image.cropAndResize(
        tf.tensor4d(x, [1, 6, 5, 1]),
        [[0.2, 0, 1, 1]],
        [0],
        [6, 5],
        'bilinear',
      );
    const [cpu, wasm] = [(await runOn(tf, 'cpu', fn))[0]!, (await runOn(tf, 'wasm', fn))[0]!];
    await tf.setBackend('wasm');
    expect(maxDiff(cpu, wasm)).toBeLessThan(1e-6);
    // Row 1 samples image row 0.2 * 5 + 0.8 = 1.8, between rows 1 and 2: by hand for column 0.
    const expected = x[5]! + (x[10]! - x[5]!) * 0.8;
    expect(wasm[5]).toBeCloseTo(expected, 5);
  });

  it('agrees on random boxes, boxes past the image, flipped boxes, nearest and 1-pixel crops', async () => {
    const b = 3,
      h = 9,
      w = 7,
      c = 3;
    const img = randomArray(b * h * w * c, 31);
    const raw = randomArray(8 * 4, 32);
    const boxes = Array.from({ length: 8 }, (_, k) => [
      raw[4 * k]! * 0.6,
      raw[4 * k + 1]! * 0.6,
      1.2 - Math.abs(raw[4 * k + 2]!) * 0.5, // some past 1: extrapolated
      0.9 + raw[4 * k + 3]! * 0.3,
    ]);
    boxes.push([0.8, 0.9, 0.1, 0.2]); // flipped: y2 < y1, x2 < x1
    const ind = boxes.map((_, k) => k % b);
    for (const method of ['bilinear', 'nearest'] as const)
      for (const size of [
        [5, 4],
        [1, 1],
        [12, 3],
      ] as [number, number][]) {
        const fn = (): tf.Tensor =>
          tf.image.cropAndResize(tf.tensor4d(img, [b, h, w, c]), boxes, ind, size, method, -2.5);
        const [cpu, wasm] = [(await runOn(tf, 'cpu', fn))[0]!, (await runOn(tf, 'wasm', fn))[0]!];
        expect(maxDiff(cpu, wasm), `${method} ${size}`).toBeLessThan(1e-6);
        expect(
          wasm.some((v) => v === -2.5),
          `${method} ${size}: extrapolated`,
        ).toBe(size[0] > 1);
      }
    await tf.setBackend('wasm');
  });

  it('crops integer images and refuses a box index past the batch', async () => {
    await tf.setBackend('wasm');
    const img = tf.tensor4d([0, 10, 20, 30], [1, 2, 2, 1], 'int32');
    const y = tf.image.cropAndResize(img, [[0, 0, 1, 1]], [0], [3, 3]);
    expect(Array.from(y.dataSync())).toEqual([0, 5, 10, 10, 15, 20, 20, 25, 30]);
    expect(() =>
      tf.image.cropAndResize(tf.cast(img, 'float32') as tf.Tensor4D, [[0, 0, 1, 1]], [1], [2, 2]),
    ).toThrow(/names image 1 of 1/);
    tf.dispose([img, y]);
  });
});
