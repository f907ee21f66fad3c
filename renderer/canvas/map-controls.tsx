// The canvas's zoom controls and minimap. The minimap never covers a node: it sits in the right
// corner (bottom, else top) that no node occupies on screen, and hides itself (its toggle says so)
// when both are taken; the toggle in the controls shows or hides it, remembered in localStorage.
import { useState } from 'react';
import { ControlButton, Controls, MiniMap, useStore, type ReactFlowState } from '@xyflow/react';

const KEY = 'tessera.minimap';
export const MINIMAP = { width: 200, height: 150, margin: 15, top: 44 } as const;

export const readMinimapOpen = (): boolean => {
  try {
    return globalThis.localStorage?.getItem(KEY) !== 'closed';
  } catch {
    return true;
  }
};

type Rect = { x: number; y: number; width: number; height: number };
export type Corner = 'bottom-right' | 'top-right';

/** Where the minimap would be on the pane (screen px from the pane's corner). */
export const cornerRect = (c: Corner, pane: { width: number; height: number }): Rect => ({
  x: pane.width - MINIMAP.margin - MINIMAP.width,
  y: c === 'top-right' ? MINIMAP.top : pane.height - MINIMAP.margin - MINIMAP.height,
  width: MINIMAP.width,
  height: MINIMAP.height,
});

const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The first corner that no node box (screen px on the pane) touches, or undefined. */
export const freeCorner = (
  nodes: readonly Rect[],
  pane: { width: number; height: number },
): Corner | undefined =>
  (['bottom-right', 'top-right'] as const).find((c) => {
    const r = cornerRect(c, pane);
    return !nodes.some((n) => overlaps(n, r));
  });

const screenBoxes = (s: ReactFlowState): Rect[] => {
  const [tx, ty, k] = s.transform;
  const out: Rect[] = [];
  for (const n of s.nodeLookup.values()) {
    const w = n.measured.width ?? 0;
    const h = n.measured.height ?? 0;
    const p = n.internals.positionAbsolute;
    out.push({ x: p.x * k + tx, y: p.y * k + ty, width: w * k, height: h * k });
  }
  return out;
};

const cornerOf = (s: ReactFlowState): Corner | 'none' =>
  freeCorner(screenBoxes(s), { width: s.width, height: s.height }) ?? 'none';

export const MapControls = () => {
  const [open, setOpen] = useState(readMinimapOpen);
  const corner = useStore(cornerOf);
  const toggle = () => {
    const next = !open;
    setOpen(next);
    try {
      localStorage.setItem(KEY, next ? 'open' : 'closed');
    } catch {
      // private mode: the choice lasts until reload
    }
  };
  const shown = open && corner !== 'none';
  const title = !open
    ? 'Show the minimap'
    : shown
      ? 'Hide the minimap'
      : 'Minimap hidden while nodes fill both right corners (pan or zoom out to see it); click to turn it off';
  return (
    <>
      <Controls>
        <ControlButton
          onClick={toggle}
          title={title}
          aria-label={open ? 'Hide the minimap' : 'Show the minimap'}
          aria-pressed={open}
          data-testid="minimap-toggle"
          className={shown ? 'on' : ''}
        >
          ▦
        </ControlButton>
      </Controls>
      {shown && (
        <MiniMap
          position={corner}
          style={corner === 'top-right' ? { marginTop: MINIMAP.top } : undefined}
          pannable
          zoomable
          nodeStrokeWidth={3}
          nodeColor="#4a5564"
          maskColor="rgba(10, 12, 15, 0.6)"
          bgColor="#1c2026"
        />
      )}
    </>
  );
};
