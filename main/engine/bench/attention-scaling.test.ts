// The attention scaling bench: its blocks train, its measurements grow with n, its report finds
// the crossover from measured points.
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { ATTENTION_KINDS, DEFAULT_BLOCK, createAttentionBlock } from './attention-blocks';
import { measureScaling, predictNextMs, type ScalingPoint } from './attention-scaling';
import {
  cpuTable,
  crossover,
  memoryTable,
  renderScalingPage,
  skipNotes,
  timeTable,
} from './attention-scaling-report';

const tiny = { ...DEFAULT_BLOCK, width: 8, heads: 2, s: 4, chunk: 4 };

describe('attention scaling bench', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('every block trains: 40 Adam steps lower the loss, and disposing frees all its tensors', () => {
    for (const kind of ATTENTION_KINDS) {
      const before = tf.memory().numTensors;
      const block = createAttentionBlock(tf, kind, tiny, 8);
      const losses = Array.from({ length: 40 }, () => block.step());
      block.dispose();
      expect(tf.memory().numTensors, kind).toBe(before);
      expect(losses[39]!, kind).toBeLessThan(losses[0]! * 0.985);
    }
  });

  it('measures each length, and peak bytes grow with n (x4 per doubling for softmax at most)', async () => {
    const points: ScalingPoint[] = [];
    const limits = { maxStepMs: 60_000, steps: 1, budgetMs: 1000 };
    await measureScaling(tf, 'softmax', tiny, [16, 32], limits, (p) => points.push(p));
    await measureScaling(tf, 'linear', tiny, [16, 32], limits, (p) => points.push(p));
    expect(points.map((p) => `${p.kind}${p.n}`)).toEqual([
      'softmax16',
      'softmax32',
      'linear16',
      'linear32',
    ]);
    for (const p of points) {
      expect(p.ms).toBeGreaterThan(0);
      expect(p.cpuMs).toBeGreaterThan(0);
      expect(Number.isFinite(p.loss)).toBe(true);
    }
    const [s16, s32, l16, l32] = points.map((p) => p.peakBytes!) as [
      number,
      number,
      number,
      number,
    ];
    expect(s32 / s16).toBeGreaterThan(1.8);
    expect(s32 / s16).toBeLessThan(4.2);
    expect(l32 / l16).toBeGreaterThan(1.5);
    expect(l32 / l16).toBeLessThan(2.5);
  });

  it('skips lengths predicted past the time limit, and all after them', async () => {
    const points: ScalingPoint[] = [];
    await measureScaling(
      tf,
      'gau',
      tiny,
      [8, 16, 32],
      { maxStepMs: 0.001, steps: 1, budgetMs: 100 },
      (p) => points.push(p),
    );
    expect(points[0]!.ms).toBeGreaterThan(0);
    expect(points.slice(1).map((p) => p.skipped?.startsWith('time limit'))).toEqual([true, true]);
    expect(predictNextMs(undefined, 100)).toBe(200);
    expect(predictNextMs(100, 380)).toBeCloseTo(1444, 6);
    expect(predictNextMs(100, 1000)).toBe(4500);
  });

  const p = (kind: ScalingPoint['kind'], n: number, ms?: number): ScalingPoint =>
    ms === undefined ? { kind, n, skipped: 'time limit' } : { kind, n, ms, peakBytes: n * 1024 };

  it('finds the crossover: the shortest n from which a kind stays faster than softmax', () => {
    const points = [
      p('softmax', 128, 10),
      p('softmax', 256, 40),
      p('softmax', 512, 160),
      p('softmax', 1024),
      p('linear', 128, 20),
      p('linear', 256, 30),
      p('linear', 512, 60),
      p('linear', 1024, 120),
      p('gau', 128, 5),
      p('gau', 256, 50),
      p('gau', 512, 100),
      p('flash', 128, 30),
      p('flash', 256, 60),
      p('flash', 512, 200),
      p('flash', 1024, 400),
    ];
    expect(crossover(points, 'linear')).toMatchObject({ n: 256 });
    expect(crossover(points, 'linear').text).toBe('linear: faster than softmax from n = 256 on');
    // gau was faster at 128, slower at 256, faster again from 512.
    expect(crossover(points, 'gau').n).toBe(512);
    // flash is slower wherever softmax ran, faster only where softmax could not run.
    expect(crossover(points, 'flash').text).toBe(
      'flash: faster from n = 1024, where softmax could not run',
    );
    // By CPU time instead: linear (cpu = ms / 4 here) is faster from the first length.
    const cpu = points.map((q) =>
      q.ms === undefined ? q : { ...q, cpuMs: q.kind === 'linear' ? q.ms / 4 : q.ms },
    );
    expect(crossover(cpu, 'linear', 'cpuMs').text).toBe(
      'linear: faster than softmax at every measured length (from n = 128)',
    );
    const slow = [p('softmax', 128, 1), p('linear', 128, 2)];
    expect(crossover(slow, 'linear').n).toBeUndefined();
    expect(skipNotes(points)).toEqual(['softmax: time limit at n = 1024']);
  });

  it('tables show each time with its growth per doubling, and the page states the setup', () => {
    const points = [
      p('softmax', 128, 10),
      p('softmax', 256, 40),
      p('linear', 128, 20),
      p('linear', 256, 42),
    ];
    const table = timeTable(points, {
      torch: '1.13',
      blas: 'x',
      points: [
        { threads: 1, n: 128, ms: 4 },
        { threads: 2, n: 128, ms: 3 },
        { threads: 1, n: 256, ms: 12 },
      ],
    });
    expect(table.split('\n')[3]).toBe(
      '| 256 | 40 (x4.0) | 42 (x2.1) | skipped | skipped | 12.0 (x3.0) | 12.0 (x4.0) |',
    );
    const withCpu = points.map((q) => ({ ...q, cpuMs: (q.ms ?? 0) / 2 }));
    expect(cpuTable(withCpu).split('\n')[3]).toBe(
      '| 256 | 20 (x4.0) | 21 (x2.1) | skipped | skipped |',
    );
    expect(memoryTable(points).split('\n')[2]).toBe('| 128 | 0.1 | 0.1 | skipped | skipped |');
    const page = renderScalingPage({
      command: 'npm run bench:attention -- --doc',
      date: '2026-01-01T00:00:00Z',
      machine: 'test CPU x2',
      loadStart: [1, 2, 3],
      loadEnd: [4, 5, 6],
      durationS: 12,
      runtime: 'node',
      block: 'a block',
      kinds: ['softmax: MHA'],
      points,
      torch: { skipped: 'no PyTorch' },
    });
    expect(page).toMatch(/Generated by `npm run bench:attention -- --doc`/);
    expect(page).toMatch(/load average \(1\/5\/15 min\) 1.00 \/ 2.00 \/ 3.00 at the start/);
    expect(page).toMatch(/PyTorch peer: no PyTorch/);
    expect(page).toMatch(/- linear: not faster than softmax at any measured length/);
    expect(page).toMatch(/By CPU time/);
  });
});
