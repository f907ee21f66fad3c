// Resizing and channel conversion with hand-computed values: area means when shrinking (also by
// fractional factors), bilinear with half-pixel centres when growing, BT.601 luma for grey, grey
// copied to RGB, transparency over black.
import { describe, expect, it } from 'vitest';
import type { DecodedImage } from './decode-image';
import { fitImage, resampleTaps, resizePlanes, toChannels } from './resize-image';

const rgbaImage = (width: number, height: number, px: number[][]): DecodedImage => ({
  width,
  height,
  rgba: Uint8Array.from(px.flat()),
  colour: true,
  format: 'png',
});

describe('resize', () => {
  it('shrinks 4 x 4 to 2 x 2 by the mean of each 2 x 2 block', () => {
    const src = Float32Array.from([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150,
    ]);
    expect(Array.from(resizePlanes(src, 4, 4, 1, 2, 2))).toEqual([25, 45, 105, 125]);
  });

  it('shrinks 3 to 2 with fractional coverage (area weights 2/3 and 1/3)', () => {
    const taps = resampleTaps(3, 2);
    expect(taps[0]!.index).toEqual([0, 1]);
    expect(taps[0]!.weight[0]).toBeCloseTo(2 / 3, 6);
    expect(taps[0]!.weight[1]).toBeCloseTo(1 / 3, 6);
    const out = resizePlanes(Float32Array.from([0, 30, 90]), 1, 3, 1, 1, 2);
    expect(out[0]).toBeCloseTo(10, 4);
    expect(out[1]).toBeCloseTo(70, 4);
  });

  it('grows 2 to 4 bilinearly with half-pixel centres (OpenCV INTER_LINEAR)', () => {
    const out = resizePlanes(Float32Array.from([0, 100]), 1, 2, 1, 1, 4);
    expect(Array.from(out)).toEqual([0, 25, 75, 100]);
  });

  it('keeps every channel apart and leaves an image of the right size as it is', () => {
    const src = Float32Array.from([10, 200, 30, 210, 50, 220, 70, 230]); // 2 x 2 x 2
    expect(Array.from(resizePlanes(src, 2, 2, 2, 1, 1))).toEqual([40, 215]);
    expect(resizePlanes(src, 2, 2, 2, 2, 2)).toBe(src);
  });
});

describe('channels', () => {
  it('grey is the BT.601 luma; RGB keeps colour; transparent pixels go black', () => {
    const img = rgbaImage(3, 1, [
      [255, 0, 0, 255],
      [0, 0, 255, 255],
      [255, 255, 255, 0],
    ]);
    const grey = toChannels(img, 1);
    expect(grey[0]).toBeCloseTo(0.299 * 255, 3);
    expect(grey[1]).toBeCloseTo(0.114 * 255, 3);
    expect(grey[2]).toBe(0);
    expect(Array.from(toChannels(img, 3))).toEqual([255, 0, 0, 0, 0, 255, 0, 0, 0]);
  });

  it('fits a grey 4 x 4 image to 2 x 2 x 3 bytes, the grey value in all three channels', () => {
    const px = Array.from({ length: 16 }, (_, i) => [i * 10, i * 10, i * 10, 255]);
    const img = { ...rgbaImage(4, 4, px), colour: false };
    // Blocks: mean of (0,10,40,50)=25, (20,30,60,70)=45, (80,90,120,130)=105, (100,110,140,150)=125.
    expect(Array.from(fitImage(img, 2, 2, 3))).toEqual([
      25, 25, 25, 45, 45, 45, 105, 105, 105, 125, 125, 125,
    ]);
    expect(Array.from(fitImage(img, 2, 2, 1))).toEqual([25, 45, 105, 125]);
  });
});
