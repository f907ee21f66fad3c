// The row and column labels a diffusion preview sends with its image (preview data
// `{ grid: { rows, columns, rowLabels?, columnLabels? } }`, from main/engine/train/grid-tiles.ts):
// captions down the side, steps or guidance scales across the top.

export interface GridLabels {
  rows: number;
  columns: number;
  rowLabels?: string[];
  columnLabels?: string[];
}

const strings = (v: unknown, n: number): string[] | undefined =>
  Array.isArray(v) && v.length === n && v.every((s) => typeof s === 'string')
    ? (v as string[])
    : undefined;

/** The grid labels in a preview's data, or undefined when it has none (or they do not fit). */
export const gridLabelsOf = (data: unknown): GridLabels | undefined => {
  if (typeof data !== 'object' || data === null) return undefined;
  const g = (data as { grid?: unknown }).grid;
  if (typeof g !== 'object' || g === null) return undefined;
  const { rows, columns, rowLabels, columnLabels } = g as Record<string, unknown>;
  if (typeof rows !== 'number' || typeof columns !== 'number' || rows < 1 || columns < 1)
    return undefined;
  const r = strings(rowLabels, rows);
  const c = strings(columnLabels, columns);
  if (!r && !c) return undefined;
  return { rows, columns, ...(r ? { rowLabels: r } : {}), ...(c ? { columnLabels: c } : {}) };
};
