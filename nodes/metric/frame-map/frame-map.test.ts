import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { averagePrecision, frameMeanAp } from './frame-map';
import { frameStrip } from './frame-strip';
import { frameMapNode } from './frame-map.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** AP by counting at every distinct threshold: sum (R(tau_i) - R(tau_i-1)) P(tau_i), O(n^2). */
const bruteForceAp = (scores: number[], pos: boolean[]): number => {
  const total = pos.filter(Boolean).length;
  const taus = [...new Set(scores)].sort((a, b) => b - a);
  let before = 0;
  let ap = 0;
  for (const tau of taus) {
    const kept = scores.map((s, i) => [s >= tau, pos[i]] as const).filter(([k]) => k);
    const tp = kept.filter(([, p]) => p).length;
    ap += (tp / total - before) * (tp / kept.length);
    before = tp / total;
  }
  return ap;
};

describe('per-frame average precision', () => {
  it('gives the hand-computed answers', () => {
    // Ranked P, N, P, N: precision 1 at the first positive, 2/3 at the second.
    expect(averagePrecision([0.9, 0.8, 0.7, 0.6], [true, false, true, false])).toBeCloseTo(
      (1 + 2 / 3) / 2,
      10,
    );
    // Perfect ranking, the worst ranking, and a tie that is one threshold (precision 1/2).
    expect(averagePrecision([3, 2, 1], [true, true, false])).toBe(1);
    expect(averagePrecision([3, 2, 1], [false, false, true])).toBeCloseTo(1 / 3, 10);
    expect(averagePrecision([0.5, 0.5], [true, false])).toBeCloseTo(0.5, 10);
    expect(averagePrecision([0.5, 0.2], [false, false])).toBeUndefined();
  });

  it('agrees with the brute-force definition on random scores with ties', () => {
    const rng = testRng(11);
    for (let trial = 0; trial < 40; trial++) {
      const n = 5 + rng.int(60);
      const scores = Array.from({ length: n }, () => Math.round(rng.next() * 10) / 10);
      const pos = Array.from({ length: n }, () => rng.next() < 0.3);
      if (!pos.some(Boolean)) pos[0] = true;
      expect(averagePrecision(scores, pos)).toBeCloseTo(bruteForceAp(scores, pos), 12);
    }
  });

  it('averages over action classes, leaving out the background and absent classes', () => {
    // 4 frames, 4 classes (0 background, class 3 never occurs).
    const labels = [0, 1, 2, 1];
    const scores = [
      [0.7, 0.1, 0.1, 0.1],
      [0.1, 0.6, 0.2, 0.1],
      [0.1, 0.5, 0.3, 0.1],
      [0.1, 0.2, 0.4, 0.3],
    ].flat();
    const r = frameMeanAp(scores, labels, 4);
    // Class 1 scores 0.1, 0.6, 0.5, 0.2 with positives at frames 1 and 3: ranks 1 (P) 2 (N) 3 (P).
    expect(r.perClass[1]).toBeCloseTo((1 + 2 / 3) / 2, 10);
    // Class 2 scores 0.1, 0.2, 0.3, 0.4, positive frame 2 ranked second: AP 1/2.
    expect(r.perClass[2]).toBeCloseTo(0.5, 10);
    expect(r.perClass[0]).toBeUndefined();
    expect(r.perClass[3]).toBeUndefined();
    expect(r.map).toBeCloseTo(((1 + 2 / 3) / 2 + 0.5) / 2, 10);
    expect(frameMeanAp(scores, labels, 4, -1).perClass[0]).toBe(1);
  });
});

describe('metric/frame-map node', () => {
  it('computes the mAP of the softmax of the logits and draws truth above predictions', async () => {
    const layer = await frameMapNode.build(tf, paramsOf(frameMapNode) as never, buildCtx({}));
    const logits = [
      [5, 0, 2],
      [0, 5, 0],
      [0, 0, 5],
      [3, 0, 0],
    ];
    const out = layer.apply(
      { logits: tf.tensor2d(logits), label: tf.tensor1d([0, 1, 2, 2], 'int32') },
      applyCtx(),
    );
    const probs = tf.softmax(tf.tensor2d(logits)).dataSync();
    expect((await out.map!.data())[0]).toBeCloseTo(frameMeanAp(probs, [0, 1, 2, 2], 3).map, 6);
    // Class 1 ranks its one frame first (AP 1); class 2 ranks frame 2 (P), frame 0 (N, p = 0.047),
    // frame 3 (P, p = 0.045): AP (1 + 2/3) / 2.
    expect((await out.map!.data())[0]).toBeCloseTo((1 + (1 + 2 / 3) / 2) / 2, 5);
    expect(out.strip!.shape).toEqual([1, 7, 4, 3]);
    const strip = frameStrip(probs, [0, 1, 2, 2], 3);
    // Truth rows: frame 3's class-2 cell is coloured, its class-0 cell white.
    const at = (r: number, c: number) =>
      [0, 1, 2].reduce((a, ch) => a + strip.data[(r * 4 + c) * 3 + ch]!, 0) / 3;
    expect(at(0, 3)).toBe(1);
    expect(at(2, 3)).toBeLessThan(1);
    // Probability rows: class 1 (row 5) dark where it is probable (frame 1), near white at frame 0.
    expect(at(5, 1)).toBeLessThan(0.5);
    expect(at(5, 0)).toBeGreaterThan(0.99);
  });

  it('infers a scalar and a strip, and names a background outside the classes', () => {
    const ok = infer(frameMapNode, {
      logits: tensorType('float32', ['B', 6]),
      label: tensorType('int32', ['B']),
    });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.strip).toEqual(tensorType('float32', [1, 13, 'B', 3]));
    const bad = infer(
      frameMapNode,
      { logits: tensorType('float32', ['B', 6]), label: tensorType('int32', ['B']) },
      { background: 6 },
    );
    expect(bad.diagnostics[0]?.message).toMatch(/set background between 0 and 5/);
  });
});
