// The studio's panel sizes: the left (templates / nodes) and right (inspector) columns and the
// bottom panel (Problems / Training / Code). Each can be resized by its splitter and collapsed
// to its tab strip; the bottom panel can also take the whole window (the training view). Sizes
// are clamped to the window so that the canvas always keeps room, and remembered in
// localStorage; a stored value that is not a layout is ignored.

export type PanelSide = 'left' | 'right' | 'bottom';

export interface PanelLayout {
  left: number;
  right: number;
  bottom: number;
  collapsed: Record<PanelSide, boolean>;
  /** The bottom panel over the whole window below the toolbar. */
  maximized: boolean;
}

export const PANEL_LAYOUT_KEY = 'tessera.panels';

/** What a collapsed panel keeps: its tab strip (bottom) or a narrow rail (sides). */
export const collapsedSize: Record<PanelSide, number> = { left: 28, right: 28, bottom: 32 };

const minSize: Record<PanelSide, number> = { left: 160, right: 220, bottom: 120 };
/** The canvas keeps at least this much of the window, however the panels are dragged. */
const minCanvas = { width: 320, height: 200 };
const toolbarHeight = 38;

/** The default bottom height: a third of the window, so the first preview shows without scrolling. */
export const defaultLayout = (windowHeight: number): PanelLayout => ({
  left: 220,
  right: 300,
  bottom: Math.round(Math.min(480, Math.max(260, windowHeight * 0.32))),
  collapsed: { left: false, right: false, bottom: false },
  maximized: false,
});

export interface WindowSize {
  width: number;
  height: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

/** The largest size a panel may take in this window, leaving the canvas its minimum. */
export const maxSize = (side: PanelSide, layout: PanelLayout, win: WindowSize): number => {
  if (side === 'bottom')
    return Math.max(minSize.bottom, win.height - toolbarHeight - minCanvas.height);
  const other = side === 'left' ? 'right' : 'left';
  const otherWidth = layout.collapsed[other] ? collapsedSize[other] : layout[other];
  return Math.max(minSize[side], win.width - otherWidth - minCanvas.width);
};

/** The layout with one panel set to `size` px (clamped), expanded if it was collapsed. */
export const resizePanel = (
  layout: PanelLayout,
  side: PanelSide,
  size: number,
  win: WindowSize,
): PanelLayout => ({
  ...layout,
  [side]: Math.round(clamp(size, minSize[side], maxSize(side, layout, win))),
  collapsed: { ...layout.collapsed, [side]: false },
});

export const toggleCollapsed = (layout: PanelLayout, side: PanelSide): PanelLayout => ({
  ...layout,
  collapsed: { ...layout.collapsed, [side]: !layout.collapsed[side] },
  maximized: side === 'bottom' ? false : layout.maximized,
});

export const toggleMaximized = (layout: PanelLayout): PanelLayout => ({
  ...layout,
  maximized: !layout.maximized,
  collapsed: { ...layout.collapsed, bottom: false },
});

/** Sizes as the CSS grid uses them (px), with collapsed panels at their rail or strip. */
export const gridSizes = (
  layout: PanelLayout,
  win: WindowSize,
): { left: number; right: number; bottom: number } => {
  const size = (side: PanelSide) =>
    layout.collapsed[side]
      ? collapsedSize[side]
      : Math.round(clamp(layout[side], minSize[side], maxSize(side, layout, win)));
  return { left: size('left'), right: size('right'), bottom: size('bottom') };
};

const isSize = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** A stored value as a layout, or undefined when it is not one. */
export const parsePanelLayout = (v: unknown): PanelLayout | undefined => {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (!isSize(o.left) || !isSize(o.right) || !isSize(o.bottom)) return undefined;
  const c = (typeof o.collapsed === 'object' && o.collapsed !== null ? o.collapsed : {}) as Record<
    string,
    unknown
  >;
  return {
    left: o.left,
    right: o.right,
    bottom: o.bottom,
    collapsed: { left: c.left === true, right: c.right === true, bottom: c.bottom === true },
    maximized: o.maximized === true,
  };
};

export const readPanelLayout = (
  storage: Pick<Storage, 'getItem'> | undefined,
): PanelLayout | undefined => {
  try {
    const raw = storage?.getItem(PANEL_LAYOUT_KEY);
    return raw ? parsePanelLayout(JSON.parse(raw)) : undefined;
  } catch {
    return undefined;
  }
};

export const writePanelLayout = (
  storage: Pick<Storage, 'setItem'> | undefined,
  layout: PanelLayout,
): void => {
  try {
    storage?.setItem(PANEL_LAYOUT_KEY, JSON.stringify(layout));
  } catch {
    // storage full or disabled: the sizes last until the page closes
  }
};
