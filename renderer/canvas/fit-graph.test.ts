import { describe, expect, it } from 'vitest';
import { MIN_READABLE_ZOOM, readableViewport } from './fit-graph';
import { freeCorner } from './map-controls';

describe('readableViewport', () => {
  const pane = { width: 1160, height: 700 };
  it('fits a small graph whole, centred', () => {
    const v = readableViewport({ x: 0, y: 0, width: 600, height: 300 }, pane);
    expect(v.zoom).toBeGreaterThanOrEqual(MIN_READABLE_ZOOM);
    expect(v.x + 300 * v.zoom).toBeCloseTo(40 + (1080 - 600 * v.zoom) / 2 + 300 * v.zoom, 0);
  });
  it('keeps labels readable on a big graph: zoom 0.8, its left edge in view', () => {
    const v = readableViewport({ x: 100, y: 50, width: 4000, height: 500 }, pane);
    expect(v.zoom).toBe(MIN_READABLE_ZOOM);
    expect(v.x + 100 * v.zoom).toBe(40);
  });
});

describe('freeCorner', () => {
  const pane = { width: 1000, height: 600 };
  it('takes the bottom right when free, else the top right, else none', () => {
    expect(freeCorner([], pane)).toBe('bottom-right');
    const bottom = { x: 900, y: 500, width: 50, height: 50 };
    expect(freeCorner([bottom], pane)).toBe('top-right');
    expect(freeCorner([bottom, { x: 900, y: 60, width: 50, height: 50 }], pane)).toBeUndefined();
  });
});
