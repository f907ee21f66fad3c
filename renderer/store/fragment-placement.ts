// Where an inserted fragment goes: at the drop point when it fits there, otherwise to the right of
// what is on the canvas, so that it never lands on top of existing nodes. Positions are top-left
// corners; a node is taken to cover NODE_BOX (the canvas does not report sizes to the store).
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface Point {
  x: number;
  y: number;
}

/** The area one node is assumed to cover from its position (templates lay nodes out 220 apart). */
export const NODE_BOX = { width: 200, height: 120 } as const;
/** Space left between the existing nodes and a fragment put beside them. */
export const PLACEMENT_GAP = 120;

/** The box covering every position plus a node's extent; undefined for none. */
export const boundingBox = (positions: readonly Point[]): Box | undefined =>
  positions.length === 0
    ? undefined
    : {
        minX: Math.min(...positions.map((p) => p.x)),
        minY: Math.min(...positions.map((p) => p.y)),
        maxX: Math.max(...positions.map((p) => p.x)) + NODE_BOX.width,
        maxY: Math.max(...positions.map((p) => p.y)) + NODE_BOX.height,
      };

export const boxesOverlap = (a: Box, b: Box): boolean =>
  a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;

const shift = (b: Box, dx: number, dy: number): Box => ({
  minX: b.minX + dx,
  minY: b.minY + dy,
  maxX: b.maxX + dx,
  maxY: b.maxY + dy,
});

/**
 * The offset to add to every fragment position. The fragment's top-left goes to `at` when the
 * fragment placed there stays clear of the existing nodes' box; otherwise its box starts
 * PLACEMENT_GAP to the right of the existing box, at the drop point's height.
 */
export const placementOffset = (
  existing: readonly Point[],
  fragment: readonly Point[],
  at: Point,
): Point => {
  const frag = boundingBox(fragment);
  if (!frag) return { x: 0, y: 0 };
  const atDrop = { x: Math.round(at.x - frag.minX), y: Math.round(at.y - frag.minY) };
  const taken = boundingBox(existing);
  if (!taken || !boxesOverlap(shift(frag, atDrop.x, atDrop.y), taken)) return atDrop;
  return { x: Math.round(taken.maxX + PLACEMENT_GAP - frag.minX), y: atDrop.y };
};
