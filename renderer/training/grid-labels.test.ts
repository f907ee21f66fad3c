import { describe, expect, it } from 'vitest';
import { gridLabelsOf } from './grid-labels';

describe('gridLabelsOf', () => {
  it('reads the labels a diffusion preview sends', () => {
    const data = {
      grid: {
        rows: 2,
        columns: 3,
        rowLabels: ['a photo of a bag', 'a photo of a coat'],
        columnLabels: ['noise', 't = 499', 'x0'],
      },
    };
    expect(gridLabelsOf(data)).toEqual(data.grid);
    expect(
      gridLabelsOf({ grid: { rows: 2, columns: 3, columnLabels: ['w = 0', 'w = 1', 'w = 3'] } }),
    ).toEqual({
      rows: 2,
      columns: 3,
      columnLabels: ['w = 0', 'w = 1', 'w = 3'],
    });
  });

  it('ignores data without labels, or labels that do not match the grid', () => {
    expect(gridLabelsOf(undefined)).toBeUndefined();
    expect(gridLabelsOf({ counts: [1, 2] })).toBeUndefined();
    expect(gridLabelsOf({ grid: { rows: 2, columns: 2 } })).toBeUndefined();
    expect(
      gridLabelsOf({ grid: { rows: 2, columns: 2, rowLabels: ['only one'] } }),
    ).toBeUndefined();
    expect(
      gridLabelsOf({ grid: { rows: 0, columns: 2, columnLabels: ['a', 'b'] } }),
    ).toBeUndefined();
  });
});
