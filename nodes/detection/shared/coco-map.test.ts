import { describe, it, expect } from 'vitest';
import { averagePrecision, cocoMap, type Detection, type GroundTruth } from './coco-map';

// Class 0, image 0: two objects. d1 (0.9) is exact on g1, d2 (0.8) hits nothing, d3 (0.7) covers
// g2 with IoU 100 / 160 = 0.625 (d3 is g2 stretched to 16 high).
// Class 1, image 1: one object; a 0.95 detection of class 1 in image 0 (false) and an exact 0.6 one.
// Class 2: a detection but no ground truth: left out of the mean, as COCO does.
const gts: GroundTruth[] = [
  { image: 0, label: 0, box: [0, 0, 10, 10] },
  { image: 0, label: 0, box: [20, 20, 30, 30] },
  { image: 1, label: 1, box: [5, 5, 15, 15] },
];
const dets: Detection[] = [
  { image: 0, label: 0, score: 0.9, box: [0, 0, 10, 10] },
  { image: 0, label: 0, score: 0.8, box: [50, 50, 60, 60] },
  { image: 0, label: 0, score: 0.7, box: [20, 20, 30, 36] },
  { image: 0, label: 1, score: 0.95, box: [5, 5, 15, 15] },
  { image: 1, label: 1, score: 0.6, box: [5, 5, 15, 15] },
  { image: 1, label: 2, score: 0.5, box: [0, 0, 4, 4] },
];

// By hand, class 0 at IoU 0.5: TP, FP, TP -> recall .5 .5 1, precision 1 .5 .667, made monotone
// 1 .667 .667: recall points 0..0.50 (51 of them) read 1, 0.51..1 (50) read 2/3.
const ap0Loose = (51 * 1 + 50 * (2 / 3)) / 101;
// At IoU >= 0.65 d3 misses: recall stops at 0.5, so the 50 points above read 0.
const ap0Strict = 51 / 101;
// Class 1: FP then TP -> precision 0, .5 made monotone .5, .5: every point reads 0.5.
const ap1 = 0.5;

describe('COCO mAP (101-point interpolation)', () => {
  it('gives the hand-computed AP per class and threshold', () => {
    const c0 = (t: number) =>
      averagePrecision(
        dets.filter((d) => d.label === 0),
        gts.filter((g) => g.label === 0),
        t,
      );
    expect(c0(0.5)).toBeCloseTo(ap0Loose, 12);
    expect(c0(0.6)).toBeCloseTo(ap0Loose, 12);
    expect(c0(0.65)).toBeCloseTo(ap0Strict, 12);
    expect(c0(0.95)).toBeCloseTo(ap0Strict, 12);
    expect(averagePrecision([], [], 0.5)).toBeUndefined();
  });

  it('averages over classes with ground truth and over IoU 0.5:0.95', () => {
    const r = cocoMap(dets, gts, 3);
    expect(r.perClass50[0]).toBeCloseTo(ap0Loose, 12);
    expect(r.perClass50[1]).toBeCloseTo(ap1, 12);
    expect(r.perClass50[2]).toBeNaN();
    expect(r.map50).toBeCloseTo((ap0Loose + ap1) / 2, 12);
    // Thresholds 0.5, 0.55, 0.6 keep d3 (IoU 0.625); the seven from 0.65 do not.
    expect(r.map).toBeCloseTo(((3 * ap0Loose + 7 * ap0Strict) / 10 + ap1) / 2, 12);
  });

  it('a perfect detector scores 1, and one detection cannot match two objects', () => {
    const perfect = gts.map((g) => ({ ...g, score: 1 }));
    expect(cocoMap(perfect, gts, 2)).toMatchObject({ map50: 1, map: 1 });
    const twoInOne: GroundTruth[] = [
      { image: 0, label: 0, box: [0, 0, 10, 10] },
      { image: 0, label: 0, box: [0, 0, 10, 10] },
    ];
    // One detection for two identical objects: recall 0.5 at precision 1 -> 51 / 101.
    expect(
      cocoMap([{ image: 0, label: 0, score: 1, box: [0, 0, 10, 10] }], twoInOne, 1).map50,
    ).toBeCloseTo(51 / 101, 12);
  });

  it('keeps only the maxDetections best-scored per image', () => {
    const many: Detection[] = [
      { image: 0, label: 0, score: 0.1, box: [0, 0, 10, 10] },
      { image: 0, label: 0, score: 0.9, box: [70, 70, 80, 80] },
    ];
    const g: GroundTruth[] = [{ image: 0, label: 0, box: [0, 0, 10, 10] }];
    expect(cocoMap(many, g, 1, 1).map50).toBe(0);
    expect(cocoMap(many, g, 1, 2).map50).toBeCloseTo(0.5, 12);
  });
});
