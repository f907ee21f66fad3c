// A side column (templates and nodes on the left, the inspector on the right) with its splitter
// and a collapse button; collapsed, it is a narrow rail whose button brings it back.
import type { ReactNode } from 'react';
import { PanelSplitter } from './panel-splitter';
import type { PanelLayoutControls } from './use-panel-layout';

const titles = { left: 'templates and nodes', right: 'the inspector' } as const;

export const SidePanel = ({
  side,
  panels,
  children,
}: {
  side: 'left' | 'right';
  panels: PanelLayoutControls;
  children: ReactNode;
}) => {
  const collapsed = panels.layout.collapsed[side];
  const arrow = (side === 'left') === collapsed ? '»' : '«';
  return (
    <aside className={`${side}${collapsed ? ' collapsed' : ''}`} data-testid={`panel-${side}`}>
      <button
        className="panel-button side-toggle"
        onClick={() => panels.toggle(side)}
        aria-expanded={!collapsed}
        title={collapsed ? `Show ${titles[side]}` : `Hide ${titles[side]}`}
        data-testid={`collapse-${side}`}
      >
        {arrow}
      </button>
      {!collapsed && children}
      {!collapsed && (
        <PanelSplitter
          side={side}
          size={panels.sizes[side]}
          onResize={(s) => panels.resize(side, s)}
          onToggle={() => panels.toggle(side)}
        />
      )}
    </aside>
  );
};
