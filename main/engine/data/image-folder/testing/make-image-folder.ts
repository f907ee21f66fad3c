// Test helper: writes a small image folder into a temporary directory, PNG and JPEG files made
// with pngjs and jpeg-js. Class k's images are flat grey (or tinted) squares whose brightness
// tells the class apart, so a model can learn them and a test can check the labels.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

export type Pixel = (x: number, y: number) => [number, number, number, number?];

export const pngBytes = (width: number, height: number, pixel: Pixel, grey = false): Buffer => {
  const png = new PNG({ width, height, colorType: grey ? 0 : 6, inputColorType: 6 });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b, a = 255] = pixel(x, y);
      const p = (y * width + x) * 4;
      png.data[p] = r;
      png.data[p + 1] = g;
      png.data[p + 2] = b;
      png.data[p + 3] = a;
    }
  return PNG.sync.write(png, grey ? { colorType: 0, inputColorType: 6 } : {});
};

export const jpegBytes = (width: number, height: number, pixel: Pixel, quality = 95): Buffer => {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const p = (y * width + x) * 4;
      data[p] = r;
      data[p + 1] = g;
      data[p + 2] = b;
      data[p + 3] = 255;
    }
  return jpeg.encode({ data, width, height }, quality).data;
};

export const tempDir = (prefix = 'tessera-images-'): string =>
  mkdtempSync(path.join(tmpdir(), prefix));

/** Writes `files` (relative path -> bytes) under a fresh temp folder; returns the folder. */
export const writeImageFolder = (
  files: Record<string, Uint8Array | string>,
  dir = tempDir(),
): string => {
  for (const [rel, bytes] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return dir;
};

/**
 * Two classes, 'dark' and 'light', `perClass` images each, half PNG and half JPEG, `size` px:
 * dark images have a bright 'plus' on black, light images a dark plus on white.
 */
export const twoClassFolder = (perClass: number, size = 16, dir = tempDir()): string => {
  const files: Record<string, Uint8Array> = {};
  const plus = (x: number, y: number): boolean =>
    Math.abs(x - size / 2) < size / 8 || Math.abs(y - size / 2) < size / 8;
  for (let i = 0; i < perClass; i++) {
    const jitter = (i * 37) % 40;
    const dark: Pixel = (x, y) =>
      plus(x, y) ? [200 + (jitter % 50), 200, 200] : [jitter, jitter, jitter];
    const light: Pixel = (x, y) =>
      plus(x, y) ? [jitter, jitter, jitter] : [230, 230 - jitter, 230];
    const ext = i % 2 === 0 ? 'png' : 'jpg';
    const enc = (p: Pixel) => (ext === 'png' ? pngBytes(size, size, p) : jpegBytes(size, size, p));
    files[`dark/${String(i).padStart(3, '0')}.${ext}`] = enc(dark);
    files[`light/${String(i).padStart(3, '0')}.${ext}`] = enc(light);
  }
  return writeImageFolder(files, dir);
};
