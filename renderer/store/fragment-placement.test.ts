import { describe, expect, it } from 'vitest';
import {
  NODE_BOX,
  PLACEMENT_GAP,
  boundingBox,
  boxesOverlap,
  placementOffset,
  type Point,
} from './fragment-placement';

const moved = (ps: Point[], o: Point) => ps.map((p) => ({ x: p.x + o.x, y: p.y + o.y }));

describe('placementOffset', () => {
  const existing = [
    { x: 0, y: 0 },
    { x: 400, y: 200 },
  ];
  const fragment = [
    { x: -100, y: -50 },
    { x: 120, y: 80 },
  ];

  it('into an empty canvas: the fragment top-left goes to the drop point', () => {
    expect(placementOffset([], fragment, { x: 10, y: 20 })).toEqual({ x: 110, y: 70 });
  });

  it('dropped onto existing nodes: beside them, PLACEMENT_GAP right of their box, never overlapping', () => {
    for (const at of [
      { x: 0, y: 0 },
      { x: 300, y: 150 },
      { x: -250, y: -100 },
    ]) {
      const o = placementOffset(existing, fragment, at);
      const box = boundingBox(moved(fragment, o))!;
      expect(box.minX).toBe(400 + NODE_BOX.width + PLACEMENT_GAP);
      expect(box.minY).toBe(at.y);
      expect(boxesOverlap(box, boundingBox(existing)!)).toBe(false);
    }
  });

  it('at a drop point clear of the existing nodes: exactly there', () => {
    const at = { x: 0, y: 200 + NODE_BOX.height + 10 };
    const o = placementOffset(existing, fragment, at);
    expect(boundingBox(moved(fragment, o))).toMatchObject({ minX: 0, minY: at.y });
  });

  it('an empty fragment moves nothing', () => {
    expect(placementOffset(existing, [], { x: 5, y: 5 })).toEqual({ x: 0, y: 0 });
  });
});

describe('boxesOverlap', () => {
  it('touching edges do not overlap, one unit in does', () => {
    const a = { minX: 0, minY: 0, maxX: 100, maxY: 100 };
    expect(boxesOverlap(a, { minX: 100, minY: 0, maxX: 200, maxY: 100 })).toBe(false);
    expect(boxesOverlap(a, { minX: 99, minY: 99, maxX: 200, maxY: 200 })).toBe(true);
  });
});
