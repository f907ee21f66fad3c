// Fitting the view to the graph so that a person can read it: the whole graph when it fits at a
// zoom where edge labels are at least MIN_LABEL_PX on screen; otherwise that zoom, with the graph's
// start (its left, where data comes in) in view and the rest reached by panning or the minimap.
import { useCallback } from 'react';
import { useReactFlow, useStoreApi, type ReactFlowInstance, type Rect } from '@xyflow/react';
import { freeCorner, MINIMAP, readMinimapOpen } from './map-controls';
import type { TesseraFlowNode } from './tessera-node';

/** Edge labels are 10 px (styles.css .edge-label); 8 px on screen is the least a person reads. */
export const EDGE_LABEL_CSS_PX = 10;
export const MIN_LABEL_PX = 8;
export const MIN_READABLE_ZOOM = MIN_LABEL_PX / EDGE_LABEL_CSS_PX;
const MAX_FIT_ZOOM = 1.25;
const PAD = 40;

export interface Pane {
  width: number;
  height: number;
  /** Screen width kept free on the right (the minimap's column), so that it covers no node. */
  reserveRight?: number;
}

/** The viewport that shows `bounds` in `pane` (pure: tested without a browser). */
export const readableViewport = (
  bounds: Rect,
  pane: Pane,
): { x: number; y: number; zoom: number } => {
  const w = Math.max(1, pane.width - (pane.reserveRight ?? 0) - 2 * PAD);
  const h = Math.max(1, pane.height - 2 * PAD);
  const fit = Math.min(w / Math.max(1, bounds.width), h / Math.max(1, bounds.height), MAX_FIT_ZOOM);
  const zoom = Math.max(fit, MIN_READABLE_ZOOM);
  const gw = bounds.width * zoom;
  const gh = bounds.height * zoom;
  // Centred where it fits; from its left (top) edge where it does not.
  const x = gw <= w ? PAD + (w - gw) / 2 - bounds.x * zoom : PAD - bounds.x * zoom;
  const y = gh <= h ? PAD + (h - gh) / 2 - bounds.y * zoom : PAD - bounds.y * zoom;
  return { x: Math.round(x), y: Math.round(y), zoom };
};

/**
 * Fits the canvas to its nodes (measured boxes); false when there is nothing to fit. When the
 * minimap is on and the fitted graph would reach into both right corners, the fit keeps the
 * minimap's column free instead.
 */
export const fitGraph = async (
  rf: ReactFlowInstance<TesseraFlowNode>,
  pane: Pane,
  duration = 200,
): Promise<boolean> => {
  const nodes = rf.getNodes();
  if (nodes.length === 0 || pane.width === 0) return false;
  const bounds = rf.getNodesBounds(nodes);
  let vp = readableViewport(bounds, pane);
  const boxes = (v: typeof vp) =>
    nodes.map((n) => {
      const p = rf.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position;
      return {
        x: p.x * v.zoom + v.x,
        y: p.y * v.zoom + v.y,
        width: (n.measured?.width ?? 0) * v.zoom,
        height: (n.measured?.height ?? 0) * v.zoom,
      };
    });
  if (readMinimapOpen() && !freeCorner(boxes(vp), pane)) {
    const reserved = readableViewport(bounds, {
      ...pane,
      reserveRight: MINIMAP.width + MINIMAP.margin + 10,
    });
    if (freeCorner(boxes(reserved), pane)) vp = reserved;
  }
  await rf.setViewport(vp, { duration });
  return true;
};

/** A callback that fits the canvas once its nodes are measured (tries for about half a second). */
export const useFitGraph = (): ((duration?: number) => void) => {
  const rf = useReactFlow<TesseraFlowNode>();
  const api = useStoreApi<TesseraFlowNode>();
  return useCallback(
    (duration = 200) => {
      let tries = 0;
      const attempt = () => {
        const s = api.getState();
        const unmeasured = rf.getNodes().some((n) => !n.measured?.width);
        if (unmeasured && tries++ < 10) return void setTimeout(attempt, 50);
        void fitGraph(rf, { width: s.width, height: s.height }, duration);
      };
      attempt();
    },
    [rf, api],
  );
};
