// Helpers for the diffusion preview grids: images reordered into tile order, and the axis labels
// sent with the image (the studio writes them beside the grid).
import type { ImageBatch } from './png-grid';
import type { PreviewGrid } from './preview-grid';

/** The batch with tile t holding image order[t]. */
export const arrangeTiles = (batch: ImageBatch, order: readonly number[]): ImageBatch => {
  const size = batch.height * batch.width * batch.channels;
  const data = new Float32Array(order.length * size);
  order.forEach((from, t) =>
    data.set(batch.data.subarray(from * size, (from + 1) * size), t * size),
  );
  return { ...batch, data, count: order.length };
};

/** Labels of the grid's rows and columns (preview data `{ grid: { rows, columns, ... } }`). */
// A type, not an interface: the preview event travels through tf.tidy, whose result type needs
// an index signature.
export type GridAxes = {
  grid: { rows: number; columns: number; rowLabels?: string[]; columnLabels?: string[] };
};

export const gridAxes = (grid: PreviewGrid): GridAxes => ({
  grid: {
    rows: grid.rows,
    columns: grid.columns,
    ...(grid.rowLabels ? { rowLabels: grid.rowLabels } : {}),
    ...(grid.columnLabels ? { columnLabels: grid.columnLabels } : {}),
  },
});
