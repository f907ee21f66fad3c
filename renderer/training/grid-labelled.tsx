// A preview image with its grid labels: column labels (steps, guidance scales) above it, row
// labels (captions) to its left, each label centred on its row or column of tiles.
import type { ReactNode } from 'react';
import { gridLabelsOf } from './grid-labels';

const small = { fontSize: 10, lineHeight: '12px', color: 'var(--muted, #888)' } as const;

export const GridLabelled = ({
  data,
  width,
  height,
  children,
}: {
  data: unknown;
  width: number;
  height: number;
  children: ReactNode;
}) => {
  const g = gridLabelsOf(data);
  if (!g) return <>{children}</>;
  return (
    <div
      data-testid="preview-grid"
      style={{ display: 'grid', gridTemplateColumns: `auto ${width}px`, columnGap: 4 }}
    >
      <div />
      <div style={{ display: 'flex', width }} data-testid="preview-columns">
        {(g.columnLabels ?? []).map((c, i) => (
          <span key={i} style={{ ...small, flex: 1, textAlign: 'center' }}>
            {c}
          </span>
        ))}
      </div>
      <div
        style={{ display: 'flex', flexDirection: 'column', height, maxWidth: 140 }}
        data-testid="preview-rows"
      >
        {(g.rowLabels ?? []).map((r, i) => (
          <span
            key={i}
            style={{
              ...small,
              flex: 1,
              display: 'flex',
              alignItems: 'center',
              justifyContent: 'flex-end',
              textAlign: 'right',
            }}
          >
            {r}
          </span>
        ))}
      </div>
      {children}
    </div>
  );
};
