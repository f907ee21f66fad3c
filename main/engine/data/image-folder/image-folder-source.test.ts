// Loading an image folder: labels from sorted sub-folder names, the layouts and mistakes a person
// makes (no sub-folders, loose files, empty classes, other files, corrupt images, mixed sizes and
// channels, a missing folder) each with its note or error, and the decoded cache on disk.
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { forgetLoadedFolders, loadImageFolder } from './image-folder-source';
import { scanFolder } from './scan-folder';
import {
  jpegBytes,
  pngBytes,
  tempDir,
  twoClassFolder,
  writeImageFolder,
} from './testing/make-image-folder';

const flat =
  (v: number, g = v, b = v) =>
  (): [number, number, number] => [v, g, b];
const req = (folder: string, size = 4, channels: 1 | 3 = 1) => ({
  folder,
  height: size,
  width: size,
  channels,
});

describe('scanFolder', () => {
  it('labels classes by sorted sub-folder name and finds images below them', async () => {
    const dir = writeImageFolder({
      'zebra/a.png': pngBytes(2, 2, flat(1)),
      'Apple/b.JPG': jpegBytes(8, 8, flat(2)),
      'apple/deep/c.jpeg': jpegBytes(8, 8, flat(3)),
      'apple/.hidden.png': pngBytes(2, 2, flat(4)),
    });
    const l = await scanFolder(dir);
    // Code-unit order: 'Apple' < 'apple' < 'zebra' on every machine.
    expect(l.classNames).toEqual(['Apple', 'apple', 'zebra']);
    expect(l.entries.map((e) => [e.rel, e.label])).toEqual([
      ['Apple/b.JPG', 0],
      ['apple/deep/c.jpeg', 1],
      ['zebra/a.png', 2],
    ]);
    expect(l.notes).toEqual([]);
  });

  it("makes a folder without sub-folders one class 'all', and says so", async () => {
    const dir = writeImageFolder({
      'a.png': pngBytes(2, 2, flat(1)),
      'b.png': pngBytes(2, 2, flat(2)),
    });
    const l = await scanFolder(dir);
    expect(l.classNames).toEqual(['all']);
    expect(l.entries.map((e) => e.label)).toEqual([0, 0]);
    expect(l.notes[0]).toMatch(/no class sub-folders: its 2 images are one class, 'all'/);
  });

  it('leaves out loose images, empty sub-folders and other files, naming them', async () => {
    const dir = writeImageFolder({
      'cats/1.png': pngBytes(2, 2, flat(1)),
      'stray.png': pngBytes(2, 2, flat(2)),
      'dogs/readme.txt': 'not an image',
      'notes.md': '#',
    });
    const l = await scanFolder(dir);
    expect(l.classNames).toEqual(['cats']);
    expect(l.notes.join('\n')).toMatch(/1 image\(s\) lie directly in .*stray\.png/);
    expect(l.notes.join('\n')).toMatch(/no images are not classes: dogs\//);
    expect(l.notes.join('\n')).toMatch(
      /2 file\(s\) that are not .png, .jpg or .jpeg were ignored: dogs\/readme\.txt, notes\.md/,
    );
  });

  it('refuses a missing folder, a file, and a folder with no images, with the fix', async () => {
    const dir = tempDir();
    await expect(scanFolder(path.join(dir, 'nope'))).rejects.toThrow(
      /the folder .*nope does not exist; set the folder/,
    );
    writeFileSync(path.join(dir, 'x.txt'), 'x');
    await expect(scanFolder(path.join(dir, 'x.txt'))).rejects.toThrow(/is a file, not a folder/);
    await expect(scanFolder(dir)).rejects.toThrow(
      /holds no .png or .jpg images.*sub-folder named after the class/,
    );
  });
});

describe('loadImageFolder', () => {
  it('decodes PNGs and JPEGs into N x H x W x C floats in [0, 1] with their labels', async () => {
    const dir = twoClassFolder(3, 16);
    const cacheDir = tempDir('tessera-cache-');
    const d = await loadImageFolder(req(dir, 8, 1), { cacheDir });
    expect([d.count, d.height, d.width, d.channels, d.classes]).toEqual([6, 8, 8, 1, 2]);
    expect(d.classNames).toEqual(['dark', 'light']);
    expect(Array.from(d.labels)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(d.files[3]).toBe('light/000.png');
    expect(d.images.length).toBe(6 * 64);
    const mean = (k: number) =>
      d.images.subarray(k * 64, (k + 1) * 64).reduce((s, v) => s + v, 0) / 64;
    expect(mean(0)).toBeLessThan(0.5);
    expect(mean(4)).toBeGreaterThan(0.5);
    expect(Math.max(...d.images)).toBeLessThanOrEqual(1);
    expect(d.fromCache).toBe(false);
  });

  it('reads the second load from the disk cache, the same bytes, and misses after a file changes', async () => {
    const dir = twoClassFolder(20, 64);
    const cacheDir = tempDir('tessera-cache-');
    const t0 = performance.now();
    const first = await loadImageFolder(req(dir, 32, 3), { cacheDir });
    const decodeMs = performance.now() - t0;
    forgetLoadedFolders();
    const t1 = performance.now();
    const second = await loadImageFolder(req(dir, 32, 3), { cacheDir });
    const cachedMs = performance.now() - t1;
    console.log(
      `image folder, 40 images 64 x 64 -> 32 x 32 x 3: decode ${decodeMs.toFixed(0)} ms, cache ${cachedMs.toFixed(0)} ms`,
    );
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(second.images).toEqual(first.images);
    expect(second.classNames).toEqual(first.classNames);
    expect(cachedMs).toBeLessThan(decodeMs);
    // Another size is another entry.
    forgetLoadedFolders();
    expect((await loadImageFolder(req(dir, 16, 3), { cacheDir })).fromCache).toBe(false);
    // A file rewritten (new size and time) misses.
    const file = path.join(dir, 'dark', '000.png');
    writeFileSync(file, pngBytes(64, 64, flat(255)));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    forgetLoadedFolders();
    const changed = await loadImageFolder(req(dir, 32, 3), { cacheDir });
    expect(changed.fromCache).toBe(false);
    expect(changed.images[0]).toBe(1);
  });

  it('skips unreadable files with a note naming each, and refuses a folder with none readable', async () => {
    const dir = writeImageFolder({
      'a/good.png': pngBytes(4, 4, flat(100)),
      'a/empty.png': '',
      'b/fake.jpg': 'this is text, not a JPEG',
      'b/cut.png': pngBytes(16, 16, flat(7)).subarray(0, 50),
      'b/ok.jpg': jpegBytes(8, 8, flat(50)),
    });
    const d = await loadImageFolder(req(dir), { cacheDir: tempDir() });
    expect(d.files).toEqual(['a/good.png', 'b/ok.jpg']);
    const note = d.notes.find((n) => n.startsWith('Skipped'))!;
    expect(note).toMatch(/Skipped 3 of 5 image files/);
    expect(note).toMatch(/a\/empty\.png \(it is neither a PNG nor a JPEG/);
    expect(note).toMatch(/b\/fake\.jpg \(it is neither/);
    expect(note).toMatch(/b\/cut\.png \(the PNG is corrupt or truncated/);
    const bad = writeImageFolder({ 'x/1.png': 'no', 'x/2.jpg': 'nope' });
    await expect(loadImageFolder(req(bad), { cacheDir: tempDir() })).rejects.toThrow(
      /none of the 2 image file\(s\) in .* could be read: x\/1\.png .*Replace them with valid PNG or JPEG files/,
    );
  });

  it('resizes mixed sizes and converts mixed channel counts, with a note for each', async () => {
    const dir = writeImageFolder({
      'c/big.png': pngBytes(12, 8, flat(255, 0, 0)),
      'c/small.jpg': jpegBytes(4, 4, flat(128)),
      'c/grey.png': pngBytes(6, 6, flat(64), true),
    });
    const rgb = await loadImageFolder(req(dir, 4, 3), { cacheDir: tempDir() });
    expect(rgb.notes.join('\n')).toMatch(
      /come in 3 sizes \(12 x 8, 6 x 6, 4 x 4\); all were resized to 4 x 4/,
    );
    expect(rgb.notes.join('\n')).toMatch(
      /2 grey image\(s\) among 1 in colour were converted to RGB/,
    );
    // big.png is red: R 1, G 0, B 0 everywhere after resizing.
    expect(Array.from(rgb.images.subarray(0, 3))).toEqual([1, 0, 0]);
    const grey = await loadImageFolder(req(dir, 4, 1), { cacheDir: tempDir() });
    expect(grey.notes.join('\n')).toMatch(
      /1 colour image\(s\) among 2 grey ones were converted to grey \(luma/,
    );
    expect(grey.images[0]).toBeCloseTo(Math.round(0.299 * 255) / 255, 5);
  });
});
