import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { applyCtx, buildCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { actionStreamsNode } from './action-streams.node';
import {
  ACTION_FRAMES,
  GAP_FRAMES,
  classGenerators,
  generateSplit,
  type ActionStreamsConfig,
} from './action-streams.generate';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = (over: Partial<ActionStreamsConfig> = {}): ActionStreamsConfig =>
  ({ ...paramsOf(actionStreamsNode), ...over }) as ActionStreamsConfig;

describe('data/action-streams generator', () => {
  it('is determined by the seed; the held-out streams differ from the training streams', () => {
    const a = generateSplit(config({ trainStreams: 3 }), 'train');
    const b = generateSplit(config({ trainStreams: 3 }), 'train');
    expect(a.map((s) => [...s.frames.slice(0, 50)])).toEqual(
      b.map((s) => [...s.frames.slice(0, 50)]),
    );
    expect(a.map((s) => s.segments)).toEqual(b.map((s) => s.segments));
    const other = generateSplit(config({ trainStreams: 3, seed: 2 }), 'train');
    expect(other[0]!.segments).not.toEqual(a[0]!.segments);
    const test = generateSplit(config({ testStreams: 3 }), 'test');
    expect(test[0]!.segments).not.toEqual(a[0]!.segments);
    expect(test[0]!.frames[0]).not.toBe(a[0]!.frames[0]);
  });

  it('keeps the action classes balanced and segment lengths within their ranges', () => {
    const c = config();
    const streams = generateSplit(c, 'train');
    const frames = new Array<number>(c.actions + 1).fill(0);
    const segs = new Array<number>(c.actions + 1).fill(0);
    for (const s of streams) {
      for (const l of s.labels) frames[l]! += 1;
      for (const seg of s.segments) {
        segs[seg.label]! += 1;
        const len = seg.end - seg.start;
        const range = seg.label === 0 ? GAP_FRAMES : ACTION_FRAMES;
        if (seg.end < c.streamLength) {
          expect(len).toBeGreaterThanOrEqual(range.min);
          expect(len).toBeLessThanOrEqual(range.max);
        }
      }
    }
    const actionSegs = segs.slice(1);
    // Shuffled bags: per stream the counts differ by at most one, so over 64 streams by at most 64.
    expect(Math.max(...actionSegs) - Math.min(...actionSegs)).toBeLessThanOrEqual(c.trainStreams);
    const actionFrames = frames.slice(1).reduce((x, y) => x + y, 0);
    for (const f of frames.slice(1)) {
      expect(f / actionFrames).toBeGreaterThan(0.8 / c.actions);
      expect(f / actionFrames).toBeLessThan(1.2 / c.actions);
    }
    // Background (mean gap 18 frames) against actions (mean 26): about 40% of the frames.
    const share = frames[0]! / (actionFrames + frames[0]!);
    expect(share).toBeGreaterThan(0.3);
    expect(share).toBeLessThan(0.5);
  });

  it('labels every frame by its segment, and the frames follow that segment’s generator', () => {
    const c = config({ trainStreams: 4, noise: 0 });
    const gens = classGenerators(c);
    for (const s of generateSplit(c, 'train')) {
      let covered = 0;
      for (const seg of s.segments) {
        for (let t = seg.start; t < seg.end; t++) {
          expect(s.labels[t]).toBe(seg.label);
          const x = s.frames.subarray(t * c.features, (t + 1) * c.features);
          const w =
            seg.label === 0
              ? 0
              : Math.min(1, (t - seg.start + 1) / (c.blend + 1), (seg.end - t) / (c.blend + 1));
          // Without noise, x - (1 - w) m_0 - w m_k lies along the class direction d_k.
          const g = gens[seg.label]!;
          const bg = gens[0]!.mean;
          const r = Array.from(x, (v, d) => v - (1 - w) * bg[d]! - w * g.mean[d]!);
          const dd = Array.from(g.direction, (v) => v * v).reduce((a, b) => a + b, 0);
          const along = dd > 0 ? r.reduce((a, v, d) => a + v * g.direction[d]!, 0) / dd : 0;
          const off = r.reduce((a, v, d) => a + (v - along * g.direction[d]!) ** 2, 0);
          expect(off).toBeLessThan(1e-8);
          expect(Math.abs(along)).toBeLessThanOrEqual(w + 1e-6);
        }
        covered += seg.end - seg.start;
      }
      expect(covered).toBe(c.streamLength);
    }
  });
});

describe('data/action-streams node', () => {
  it('gives windows of the past T frames with the current and the next frames’ labels', async () => {
    const p = paramsOf(actionStreamsNode, {
      trainStreams: 2,
      testStreams: 1,
      window: 8,
      future: 3,
    });
    const layer = await actionStreamsNode.build(tf, p as never, buildCtx({}));
    const out = layer.apply({}, applyCtx({ batchSize: 5, rng: testRng(3) }));
    expect(out.frames!.shape).toEqual([5, 8, 32]);
    expect(out.label!.dtype).toBe('int32');
    expect(out.future!.shape).toEqual([5, 3]);
    const again = layer.apply({}, applyCtx({ batchSize: 5, rng: testRng(3) }));
    expect(await again.frames!.data()).toEqual(await out.frames!.data());
    // Held-out batches are consecutive windows: window i+1's frames are window i's shifted by one,
    // and its label is window i's first future label.
    const ev = layer.apply(
      {},
      applyCtx({ batchSize: 4, training: false, split: 'test', rng: testRng(9) }),
    );
    const f = (await ev.frames!.array()) as number[][][];
    const labels = Array.from(await ev.label!.data());
    const future = (await ev.future!.array()) as number[][];
    const held = generateSplit(config({ testStreams: 1, window: 8, future: 3 }), 'test')[0]!;
    for (let i = 0; i < 3; i++) {
      expect(f[i + 1]!.slice(0, 7)).toEqual(f[i]!.slice(1));
      expect(labels[i + 1]).toBe(future[i]![0]);
    }
    // A sweep starts where the RNG says: start 0 is the first held-out stream's first window.
    const atZero = { next: () => 0, int: () => 0, seed: () => 1 };
    const z = layer.apply(
      {},
      applyCtx({ batchSize: 2, training: false, split: 'test', rng: atZero }),
    );
    expect(Array.from(await z.frames!.data()).slice(0, 8 * 32)).toEqual(
      Array.from(held.frames.subarray(0, 8 * 32)),
    );
    expect((await z.label!.data())[0]).toBe(held.labels[7]);
  });

  it('infers [B, T, F] frames and names a stream too short for its windows', () => {
    const ok = infer(actionStreamsNode, {}, { window: 20, future: 5, features: 48 });
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.frames?.kind === 'tensor' && ok.outputs.frames.shape).toEqual(['B', 20, 48]);
    const bad = infer(actionStreamsNode, {}, { window: 20, future: 5, streamLength: 10 });
    expect(bad.diagnostics[0]?.message).toMatch(/set streamLength to at least 25/);
  });
});
