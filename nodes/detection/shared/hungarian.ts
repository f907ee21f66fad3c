// The exact linear assignment (Hungarian / Kuhn-Munkres with the shortest-augmenting-path and
// dual-potential form of Jonker & Volgenant), O(n^2 m) for an n x m cost matrix with n <= m.
// Rectangular matrices: with more rows than columns the transpose is solved and read back.
// cost is row-major, rows x cols. Returns, for each row, the column it is assigned to (-1 when
// rows > cols and the row stays unassigned), minimising the sum of the assigned costs.
//
// Jonker, Volgenant. A shortest augmenting path algorithm for dense and sparse linear assignment
// problems. Computing 38 (1987); Kuhn. The Hungarian method for the assignment problem (1955).
// scipy.optimize.linear_sum_assignment solves the same problem (DETR's HungarianMatcher uses it).

const solveWide = (cost: Float64Array, n: number, m: number): Int32Array => {
  // 1-based arrays as in the classic formulation; column 0 is the virtual start.
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const p = new Int32Array(m + 1); // p[j]: row assigned to column j (0 = none)
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    minv.fill(Infinity);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = p[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = cost[(i0 - 1) * m + (j - 1)]! - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const rowToCol = new Int32Array(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) rowToCol[p[j]! - 1] = j - 1;
  return rowToCol;
};

/** Minimum-cost assignment of a rows x cols matrix (row-major); -1 for rows left unassigned. */
export const linearSumAssignment = (
  cost: ArrayLike<number>,
  rows: number,
  cols: number,
): Int32Array => {
  if (rows === 0 || cols === 0) return new Int32Array(rows).fill(-1);
  for (let k = 0; k < rows * cols; k++)
    if (!Number.isFinite(cost[k] ?? NaN))
      throw new RangeError(`linearSumAssignment: cost[${k}] is ${cost[k]}; costs must be finite.`);
  if (rows <= cols) return solveWide(Float64Array.from(cost), rows, cols);
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) t[j * rows + i] = cost[i * cols + j]!;
  const colToRow = solveWide(t, cols, rows);
  const rowToCol = new Int32Array(rows).fill(-1);
  colToRow.forEach((r, c) => {
    if (r >= 0) rowToCol[r] = c;
  });
  return rowToCol;
};

/** Sum of the assigned costs. */
export const assignmentCost = (
  cost: ArrayLike<number>,
  cols: number,
  rowToCol: ArrayLike<number>,
): number => {
  let s = 0;
  for (let i = 0; i < rowToCol.length; i++) {
    const j = rowToCol[i]!;
    if (j >= 0) s += cost[i * cols + j]!;
  }
  return s;
};
