import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { giou, iou, toXyxy, type Box } from './box-ops';
import { giouTensor, xyxyTensor } from './box-ops.tf';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Hand-computed cases (xyxy):
// A = [0,0,2,2], B = [1,1,3,3]: inter 1, union 7, hull [0,0,3,3] = 9 -> IoU 1/7, GIoU 1/7 - 2/9.
// A = [0,0,1,1], B = [2,0,3,1]: disjoint, union 2, hull [0,0,3,1] = 3 -> IoU 0, GIoU -1/3.
// A = B = [0.2,0.2,0.6,0.8]: IoU 1, GIoU 1.
// A = [0,0,4,4], B = [1,1,2,2] (inside): IoU 1/16, hull = A -> GIoU 1/16.
const cases: { a: Box; b: Box; iou: number; giou: number }[] = [
  { a: [0, 0, 2, 2], b: [1, 1, 3, 3], iou: 1 / 7, giou: 1 / 7 - 2 / 9 },
  { a: [0, 0, 1, 1], b: [2, 0, 3, 1], iou: 0, giou: -1 / 3 },
  { a: [0.2, 0.2, 0.6, 0.8], b: [0.2, 0.2, 0.6, 0.8], iou: 1, giou: 1 },
  { a: [0, 0, 4, 4], b: [1, 1, 2, 2], iou: 1 / 16, giou: 1 / 16 },
];

describe('box ops', () => {
  it('converts cx,cy,w,h to x0,y0,x1,y1', () => {
    expect(toXyxy([0.5, 0.4, 0.2, 0.6], 'cxcywh')).toEqual(
      [0.4, 0.1, 0.6, 0.7].map((v) => expect.closeTo(v, 12)),
    );
    expect(toXyxy([0.1, 0.2, 0.3, 0.4], 'xyxy')).toEqual([0.1, 0.2, 0.3, 0.4]);
  });

  it('IoU and GIoU agree with hand-computed boxes', () => {
    for (const c of cases) {
      expect(iou(c.a, c.b)).toBeCloseTo(c.iou, 12);
      expect(giou(c.a, c.b)).toBeCloseTo(c.giou, 12);
      expect(giou(c.b, c.a)).toBeCloseTo(c.giou, 12);
    }
  });

  it('the tensor GIoU gives the same values and a finite gradient', () => {
    const a = tf.tensor2d(cases.map((c) => [...c.a]));
    const b = tf.tensor2d(cases.map((c) => [...c.b]));
    const got = giouTensor(tf, a, b).arraySync() as number[];
    got.forEach((g, i) => expect(g).toBeCloseTo(cases[i]!.giou, 5));
    const cxcywh = tf.tensor2d([[1, 1, 2, 2]]);
    expect(xyxyTensor(tf, cxcywh, 'cxcywh').arraySync()).toEqual([[0, 0, 2, 2]]);
    // Moving the disjoint box towards the other raises GIoU: d GIoU / d x0 of A is positive.
    const g = tf.grad((x: tf.Tensor) => giouTensor(tf, x, tf.tensor2d([[2, 0, 3, 1]])).sum())(
      tf.tensor2d([[0, 0, 1, 1]]),
    );
    const d = g.arraySync() as number[][];
    expect(d[0]![2]).toBeGreaterThan(0);
    expect(d.flat().every(Number.isFinite)).toBe(true);
  });
});
