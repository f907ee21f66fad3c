import { describe, expect, it } from 'vitest';
import {
  PANEL_LAYOUT_KEY,
  defaultLayout,
  gridSizes,
  parsePanelLayout,
  readPanelLayout,
  resizePanel,
  toggleCollapsed,
  toggleMaximized,
  writePanelLayout,
} from './panel-layout';

const win = { width: 1600, height: 1000 };

const memoryStorage = () => {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    items,
  };
};

describe('panel layout', () => {
  it('gives the bottom panel a third of a 1000 px window, within 260..480', () => {
    expect(defaultLayout(1000).bottom).toBe(320);
    expect(defaultLayout(600).bottom).toBe(260);
    expect(defaultLayout(2000).bottom).toBe(480);
  });

  it('clamps a drag so the canvas keeps 320 x 200 px and a panel its minimum', () => {
    const l = defaultLayout(1000);
    expect(resizePanel(l, 'bottom', 5000, win).bottom).toBe(1000 - 38 - 200);
    expect(resizePanel(l, 'bottom', 10, win).bottom).toBe(120);
    // left may take what the right column and the canvas leave: 1600 - 300 - 320
    expect(resizePanel(l, 'left', 5000, win).left).toBe(980);
    expect(resizePanel(l, 'right', 0, win).right).toBe(220);
  });

  it('lets a side grow into the room a collapsed neighbour frees', () => {
    const l = toggleCollapsed(defaultLayout(1000), 'right');
    expect(resizePanel(l, 'left', 5000, win).left).toBe(1600 - 28 - 320);
  });

  it('collapses a panel to its rail and a drag expands it again', () => {
    const l = toggleCollapsed(defaultLayout(1000), 'bottom');
    expect(gridSizes(l, win).bottom).toBe(32);
    const dragged = resizePanel(l, 'bottom', 400, win);
    expect(dragged.collapsed.bottom).toBe(false);
    expect(gridSizes(dragged, win).bottom).toBe(400);
  });

  it('maximizing the bottom panel un-collapses it; collapsing it leaves the maximized view', () => {
    const m = toggleMaximized(toggleCollapsed(defaultLayout(1000), 'bottom'));
    expect(m).toMatchObject({ maximized: true, collapsed: { bottom: false } });
    expect(toggleCollapsed(m, 'bottom')).toMatchObject({ maximized: false });
  });

  it('shrinks stored sizes that no longer fit a smaller window', () => {
    const big = resizePanel(defaultLayout(1400), 'bottom', 1100, { width: 1600, height: 1400 });
    expect(gridSizes(big, { width: 1000, height: 700 }).bottom).toBe(700 - 38 - 200);
  });

  it('round-trips through storage and ignores what is not a layout', () => {
    const s = memoryStorage();
    const l = toggleCollapsed(resizePanel(defaultLayout(1000), 'left', 300, win), 'right');
    writePanelLayout(s, l);
    expect(readPanelLayout(s)).toEqual(l);
    for (const bad of ['{', 'null', '[]', '{"left":"1","right":2,"bottom":3}', '{"left":-5}']) {
      s.items.set(PANEL_LAYOUT_KEY, bad);
      expect(readPanelLayout(s)).toBeUndefined();
    }
    expect(parsePanelLayout({ left: 1, right: 2, bottom: 3, collapsed: 'x' })).toEqual({
      left: 1,
      right: 2,
      bottom: 3,
      collapsed: { left: false, right: false, bottom: false },
      maximized: false,
    });
  });
});
