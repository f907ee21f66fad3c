// The panel layout as React state: read from localStorage on start, written back on every
// change, and clamped to the window as it is resized.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  defaultLayout,
  gridSizes,
  readPanelLayout,
  resizePanel,
  toggleCollapsed,
  toggleMaximized,
  writePanelLayout,
  type PanelLayout,
  type PanelSide,
} from './panel-layout';

const storage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

const windowSize = () => ({ width: window.innerWidth, height: window.innerHeight });

export interface PanelLayoutControls {
  layout: PanelLayout;
  sizes: { left: number; right: number; bottom: number };
  resize: (side: PanelSide, size: number) => void;
  toggle: (side: PanelSide) => void;
  toggleMaximized: () => void;
}

export const usePanelLayout = (): PanelLayoutControls => {
  const [layout, setLayout] = useState<PanelLayout>(
    () => readPanelLayout(storage()) ?? defaultLayout(window.innerHeight),
  );
  const [win, setWin] = useState(windowSize);
  useEffect(() => {
    const onResize = () => setWin(windowSize());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  useEffect(() => writePanelLayout(storage(), layout), [layout]);

  const resize = useCallback(
    (side: PanelSide, size: number) => setLayout((l) => resizePanel(l, side, size, windowSize())),
    [],
  );
  const toggle = useCallback((side: PanelSide) => setLayout((l) => toggleCollapsed(l, side)), []);
  const toggleMax = useCallback(() => setLayout((l) => toggleMaximized(l)), []);
  const sizes = useMemo(() => gridSizes(layout, win), [layout, win]);
  return { layout, sizes, resize, toggle, toggleMaximized: toggleMax };
};
