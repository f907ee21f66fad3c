// Draws graph-thumbnail.ts's boxes and lines as an SVG that scales to its box (the whole graph,
// aspect kept). Edges are drawn first, so they run from box to box.
import { useMemo } from 'react';
import type { TemplateOutline } from '../../core/ipc/contract';
import { graphThumbnail } from './graph-thumbnail';

export const GraphThumbnailView = ({
  outline,
  categoryOf,
  label,
  className,
}: {
  outline: TemplateOutline;
  categoryOf: (typeId: string) => string | undefined;
  /** What a screen reader says, e.g. "Graph of DCGAN: 10 nodes, 8 edges". */
  label: string;
  className?: string;
}) => {
  const t = useMemo(() => graphThumbnail(outline, categoryOf), [outline, categoryOf]);
  const v = t.viewBox;
  return (
    <svg
      className={`graph-thumb${className ? ` ${className}` : ''}`}
      viewBox={`${v.x} ${v.y} ${v.width} ${v.height}`}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={label}
      data-boxes={t.boxes.length}
    >
      {t.lines.map((l, i) => (
        <line
          key={`${l.from}-${l.to}-${i}`}
          x1={l.x1}
          y1={l.y1}
          x2={l.x2}
          y2={l.y2}
          className="graph-thumb-edge"
          vectorEffect="non-scaling-stroke"
        />
      ))}
      {t.boxes.map((b) => (
        <rect
          key={b.id}
          x={b.x}
          y={b.y}
          width={b.width}
          height={b.height}
          rx={14}
          fill={b.color}
          className="graph-thumb-node"
          data-category={b.category}
        >
          <title>{`${b.id} (${b.category})`}</title>
        </rect>
      ))}
    </svg>
  );
};
