// Decoding PNG and JPEG bytes: exact RGBA for PNG, close values for (lossy) JPEG, grey sources
// recognised, and a clear reason for bytes that are not an image or are cut short.
import { describe, expect, it } from 'vitest';
import { decodeImage, imageFormatOf } from './decode-image';
import { jpegBytes, pngBytes } from './testing/make-image-folder';

const gradient = (x: number, y: number): [number, number, number, number] => [
  x * 60,
  y * 60,
  100,
  255,
];

describe('decodeImage', () => {
  it('reads a PNG pixel for pixel, RGBA, in colour', () => {
    const img = decodeImage(pngBytes(4, 3, gradient));
    expect([img.width, img.height, img.format, img.colour]).toEqual([4, 3, 'png', true]);
    expect(Array.from(img.rgba.subarray(0, 8))).toEqual([0, 0, 100, 255, 60, 0, 100, 255]);
    expect(Array.from(img.rgba.subarray((2 * 4 + 3) * 4, (2 * 4 + 3) * 4 + 4))).toEqual([
      180, 120, 100, 255,
    ]);
  });

  it('knows a grey PNG and a grey JPEG for grey', () => {
    const grey = (x: number): [number, number, number] => [x * 40, x * 40, x * 40];
    const png = decodeImage(pngBytes(6, 2, grey, true));
    expect(png.colour).toBe(false);
    expect(png.rgba[4 * 5]).toBe(200);
    const jpg = decodeImage(jpegBytes(8, 8, () => [90, 90, 90]));
    expect(jpg.colour).toBe(false);
  });

  it('reads a JPEG within the loss of its compression', () => {
    const img = decodeImage(jpegBytes(16, 16, () => [200, 40, 120], 95));
    expect([img.width, img.height, img.format, img.colour]).toEqual([16, 16, 'jpeg', true]);
    const [r, g, b] = Array.from(img.rgba.subarray(8 * 16 * 4, 8 * 16 * 4 + 3));
    expect(Math.abs(r! - 200)).toBeLessThan(6);
    expect(Math.abs(g! - 40)).toBeLessThan(6);
    expect(Math.abs(b! - 120)).toBeLessThan(6);
  });

  it('tells by signature, not name, and says why bytes are no image', () => {
    expect(imageFormatOf(pngBytes(1, 1, gradient))).toBe('png');
    expect(imageFormatOf(jpegBytes(8, 8, gradient))).toBe('jpeg');
    expect(() => decodeImage(Buffer.from('hello, not an image'))).toThrow(
      /neither a PNG nor a JPEG/,
    );
    const png = pngBytes(32, 32, gradient);
    expect(() => decodeImage(png.subarray(0, 60))).toThrow(/PNG is corrupt or truncated/);
    const jpg = jpegBytes(32, 32, gradient);
    expect(() => decodeImage(jpg.subarray(0, 200))).toThrow(/JPEG/);
  });
});
