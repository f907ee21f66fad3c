import { describe, it, expect } from 'vitest';
import { PNG } from 'pngjs';
import { renderBars, renderGrid } from './png-grid';

describe('PNG grids', () => {
  it("tiles pairs side by side, on the first batch's value range", () => {
    const a = {
      data: Float32Array.from([0, 1, 0.5, 0.25]),
      count: 1,
      height: 2,
      width: 2,
      channels: 1,
    };
    const b = {
      data: Float32Array.from([-0.1, 1.2, 0.5, 0]),
      count: 1,
      height: 2,
      width: 2,
      channels: 1,
    };
    const png = PNG.sync.read(renderGrid([a, b], 2, 1));
    // 2 tiles of 2x2 with 2-px gaps: width 2 + 2 + 2 + 2 + 2 = 10, height 2 + 2 + 2 = 6
    expect([png.width, png.height]).toEqual([10, 6]);
    const px = (x: number, y: number) => png.data[(y * png.width + x) * 4];
    expect([px(2, 2), px(3, 2), px(2, 3), px(3, 3)]).toEqual([0, 255, 128, 64]);
    expect([px(6, 2), px(7, 2), px(6, 3), px(7, 3)]).toEqual([0, 255, 128, 0]); // clamped to [0, 1]
    const signed = PNG.sync.read(
      renderGrid([{ ...b, data: Float32Array.from([-1, 1, 0, -1]) }], 1, 1),
    );
    expect(signed.data[(2 * signed.width + 2) * 4]).toBe(0);
    expect(signed.data[(3 * signed.width + 2) * 4]).toBe(128);
    expect(px(0, 0)).toBe(255); // background
  });

  it('draws one bar per code, the tallest full height', () => {
    const png = PNG.sync.read(renderBars([0, 5, 10], 3));
    expect([png.width, png.height]).toEqual([9, 100]);
    const blue = (x: number, y: number) => png.data[(y * png.width + x) * 4 + 2] === 200;
    expect(blue(0, 99)).toBe(false);
    expect(blue(3, 99) && !blue(3, 40)).toBe(true);
    expect(blue(6, 1)).toBe(true);
  });
});
