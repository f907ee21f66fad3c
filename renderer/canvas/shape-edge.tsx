// An edge with its symbolic shape ("B x 7 x 7 x 64") drawn above every edge, so labels stay
// readable where edges cross.
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';

export const ShapeEdge = memo(function ShapeEdge(p: EdgeProps) {
  const [path, x, y] = getBezierPath(p);
  return (
    <>
      <BaseEdge
        id={p.id}
        path={path}
        markerEnd={p.markerEnd}
        style={p.style}
        interactionWidth={p.interactionWidth}
      />
      {typeof p.label === 'string' && (
        <EdgeLabelRenderer>
          <div
            className={`edge-label nodrag nopan${p.selected ? ' selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)` }}
            data-edge-id={p.id}
          >
            {p.label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});
