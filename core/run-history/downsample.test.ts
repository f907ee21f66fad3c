import { describe, expect, it } from 'vitest';
import { downsampleSeries, finitePoints } from './downsample';

const curve = (n: number, f: (i: number) => number) => ({
  steps: Array.from({ length: n }, (_, i) => i + 1),
  values: Array.from({ length: n }, (_, i) => f(i + 1)),
});

describe('downsampleSeries', () => {
  it('returns a short series as it is', () => {
    const s = curve(5, (i) => 1 / i);
    expect(downsampleSeries(s, 10)).toEqual(s);
  });

  it('keeps at most max points, the first and the last, in step order', () => {
    const s = curve(10_000, (i) => Math.exp(-i / 2000) + 0.01 * Math.sin(i));
    const d = downsampleSeries(s, 500);
    expect(d.steps).toHaveLength(500);
    expect(d.values).toHaveLength(500);
    expect(d.steps[0]).toBe(1);
    expect(d.steps[499]).toBe(10_000);
    expect(d.values[499]).toBe(s.values[9_999]);
    for (let i = 1; i < d.steps.length; i++) expect(d.steps[i]!).toBeGreaterThan(d.steps[i - 1]!);
    // Every kept point is a point of the curve.
    for (let i = 0; i < d.steps.length; i++) expect(d.values[i]).toBe(s.values[d.steps[i]! - 1]);
  });

  it('keeps a single spike a uniform sample would step over', () => {
    const s = curve(1_000, (i) => (i === 537 ? 50 : 1));
    const d = downsampleSeries(s, 20);
    expect(d.values).toContain(50);
    expect(d.steps).toContain(537);
    // Taking every 50th point instead misses it.
    expect(s.values.filter((_, i) => i % 50 === 0)).not.toContain(50);
  });

  it('drops non-finite points', () => {
    const s = { steps: [1, 2, 3, 4], values: [1, Number.NaN, Number.POSITIVE_INFINITY, 0.5] };
    expect(finitePoints(s)).toEqual({ steps: [1, 4], values: [1, 0.5] });
    expect(downsampleSeries(s, 3)).toEqual({ steps: [1, 4], values: [1, 0.5] });
  });
});
