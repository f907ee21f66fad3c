// An edge with its symbolic shape ("B x 7 x 7 x 64") drawn above every edge, so labels stay
// readable where edges cross. Its gradient mode (data.gradient) styles it through the grad-*
// class; a straight-through edge also gets an "ST" mark beside its label.
import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';

export const ShapeEdge = memo(function ShapeEdge(p: EdgeProps) {
  const [path, x, y] = getBezierPath(p);
  const straightThrough =
    (p.data as { gradient?: string } | undefined)?.gradient === 'straight-through';
  return (
    <>
      <BaseEdge
        id={p.id}
        path={path}
        markerEnd={p.markerEnd}
        style={p.style}
        interactionWidth={p.interactionWidth}
      />
      {straightThrough && (
        <EdgeLabelRenderer>
          <div
            className="edge-grad-mark nodrag nopan"
            style={{ transform: `translate(-50%, -100%) translate(${x}px, ${y - 9}px)` }}
            title="Straight-through: the forward pass uses this value, the backward pass copies its gradient to the input unchanged"
            data-edge-id={p.id}
          >
            ST
          </div>
        </EdgeLabelRenderer>
      )}
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
