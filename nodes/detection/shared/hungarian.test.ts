import { describe, it, expect } from 'vitest';
import { assignmentCost, linearSumAssignment } from './hungarian';

/** Minimum over every injective map of the smaller side into the larger, by enumeration. */
const bruteForce = (cost: number[], rows: number, cols: number): number => {
  let best = Infinity;
  const usedCols = new Array<boolean>(cols).fill(false);
  const usedRows = new Array<boolean>(rows).fill(false);
  const k = Math.min(rows, cols);
  const wide = rows <= cols;
  const go = (i: number, sum: number): void => {
    if (i === k) {
      best = Math.min(best, sum);
      return;
    }
    // Assign the i-th element of the smaller side to every free element of the larger side.
    for (let j = 0; j < (wide ? cols : rows); j++) {
      if (wide ? usedCols[j] : usedRows[j]) continue;
      if (wide) usedCols[j] = true;
      else usedRows[j] = true;
      go(i + 1, sum + (wide ? cost[i * cols + j]! : cost[j * cols + i]!));
      if (wide) usedCols[j] = false;
      else usedRows[j] = false;
    }
  };
  go(0, 0);
  return best;
};

const lcg = (seed: number) => {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
};

describe('linearSumAssignment (Hungarian / Jonker-Volgenant)', () => {
  it('solves a hand-made 3 x 3 case', () => {
    // Optimum: row0->col1 (1), row1->col0 (2), row2->col2 (2) = 5.
    const cost = [4, 1, 3, 2, 0, 5, 3, 2, 2];
    const a = linearSumAssignment(cost, 3, 3);
    expect([...a]).toEqual([1, 0, 2]);
    expect(assignmentCost(cost, 3, a)).toBe(5);
  });

  it('matches brute force on 300 random matrices, square and rectangular, with ties and negatives', () => {
    const rnd = lcg(12345);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(rnd() * 6);
      const cols = 1 + Math.floor(rnd() * 6);
      const ints = trial % 3 === 0; // small integers make ties
      const cost = Array.from({ length: rows * cols }, () =>
        ints ? Math.floor(rnd() * 4) - 1 : rnd() * 10 - 3,
      );
      const a = linearSumAssignment(cost, rows, cols);
      // A valid assignment: min(rows, cols) rows assigned, to distinct columns.
      const assigned = [...a].filter((j) => j >= 0);
      expect(assigned.length).toBe(Math.min(rows, cols));
      expect(new Set(assigned).size).toBe(assigned.length);
      expect(assignmentCost(cost, cols, a)).toBeCloseTo(bruteForce(cost, rows, cols), 9);
    }
  });

  it('leaves rows unassigned when there are more rows than columns (-1)', () => {
    const cost = [5, 9, 1, 7, 3, 8]; // 3 x 2
    const a = linearSumAssignment(cost, 3, 2);
    expect([...a]).toEqual([-1, 0, 1]); // row1->col0 + row2->col1 = 1 + 8, the least of the six
    expect(assignmentCost(cost, 2, a)).toBe(bruteForce(cost, 3, 2));
  });

  it('handles empty sides and refuses non-finite costs', () => {
    expect([...linearSumAssignment([], 0, 4)]).toEqual([]);
    expect([...linearSumAssignment([], 3, 0)]).toEqual([-1, -1, -1]);
    expect(() => linearSumAssignment([1, NaN], 1, 2)).toThrow(/finite/);
  });
});
