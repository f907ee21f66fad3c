// A splitter on a panel's inner edge: drag to resize, double-click or Enter to collapse or
// expand, arrow keys to resize by 16 px (a focusable ARIA separator).
import { useRef } from 'react';
import type { PanelSide } from './panel-layout';

const names: Record<PanelSide, string> = {
  left: 'the templates and nodes panel',
  right: 'the inspector',
  bottom: 'the bottom panel',
};

export const PanelSplitter = ({
  side,
  size,
  onResize,
  onToggle,
}: {
  side: PanelSide;
  size: number;
  onResize: (size: number) => void;
  onToggle: () => void;
}) => {
  const drag = useRef<{ start: number; size: number } | undefined>(undefined);
  const along = (e: { clientX: number; clientY: number }) =>
    side === 'bottom' ? e.clientY : e.clientX;
  // Moving the pointer right grows the left panel and shrinks the right one; up grows the bottom.
  const sign = side === 'left' ? 1 : -1;
  const horizontal = side === 'bottom';
  return (
    <div
      className={`panel-splitter splitter-${side}`}
      role="separator"
      aria-orientation={horizontal ? 'horizontal' : 'vertical'}
      aria-label={`Resize ${names[side]}`}
      aria-valuenow={size}
      tabIndex={0}
      title={`Drag to resize ${names[side]}; double-click to collapse or expand it`}
      data-testid={`splitter-${side}`}
      onPointerDown={(e) => {
        drag.current = { start: along(e), size };
        e.currentTarget.setPointerCapture(e.pointerId);
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        if (!drag.current) return;
        onResize(drag.current.size + sign * (along(e) - drag.current.start));
      }}
      onPointerUp={(e) => {
        drag.current = undefined;
        e.currentTarget.releasePointerCapture(e.pointerId);
      }}
      onDoubleClick={onToggle}
      onKeyDown={(e) => {
        const grow = horizontal ? 'ArrowUp' : side === 'left' ? 'ArrowRight' : 'ArrowLeft';
        const shrink = horizontal ? 'ArrowDown' : side === 'left' ? 'ArrowLeft' : 'ArrowRight';
        if (e.key === grow) onResize(size + 16);
        else if (e.key === shrink) onResize(size - 16);
        else if (e.key === 'Enter') onToggle();
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
    />
  );
};
