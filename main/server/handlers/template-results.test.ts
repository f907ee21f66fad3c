import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../paths';
import { maxResultsBytes, pngSize, readTemplateResults, resultsFileOf } from './template-results';

const resultsDir = nodePath.join(repoRoot(), 'docs', 'results');

describe('templates:results: a fixed results image per template id', () => {
  it("sends the template's PNG as a data URL, byte for byte, with its size and caption", async () => {
    const r = await readTemplateResults(resultsDir, 'dcgan');
    expect(r).not.toBeNull();
    const file = readFileSync(nodePath.join(resultsDir, 'gan-dcgan.png'));
    expect(r!.image.startsWith('data:image/png;base64,')).toBe(true);
    expect(
      Buffer.from(r!.image.slice('data:image/png;base64,'.length), 'base64').equals(file),
    ).toBe(true);
    expect([r!.width, r!.height]).toEqual([466, 466]);
    expect(r!.source).toBe('docs/results/gan-dcgan.png');
    expect(r!.caption).toMatch(/digits/);
    const oadtr = await readTemplateResults(resultsDir, 'oadtr-no-decoder');
    expect([oadtr?.width, oadtr?.height, oadtr?.source]).toEqual([
      762,
      352,
      'docs/results/oadtr-strip.png',
    ]);
  });

  it('answers null for templates without an image and ids outside the catalog', async () => {
    for (const id of ['conv-autoencoder', 'char-gpt', 'nope', 'constructor', '__proto__', ''])
      expect(await readTemplateResults(resultsDir, id), id).toBeNull();
    expect(resultsFileOf(resultsDir, 'toString')).toBeUndefined();
  });

  it('reads only the named file of the folder it is given, and only a real PNG', async () => {
    const dir = mkdtempSync(nodePath.join(tmpdir(), 'tessera-results-'));
    // Missing: null, not an error.
    expect(await readTemplateResults(dir, 'dcgan')).toBeNull();
    // Not a PNG (a text file under the PNG's name): null.
    writeFileSync(nodePath.join(dir, 'gan-dcgan.png'), 'not a png at all, just text');
    expect(await readTemplateResults(dir, 'dcgan')).toBeNull();
    // A folder under the name: null.
    mkdirSync(nodePath.join(dir, 'gan-wgan-gp.png'));
    expect(await readTemplateResults(dir, 'wgan-gp')).toBeNull();
    // Too big: null (the size is checked before reading).
    const big = Buffer.alloc(maxResultsBytes + 1);
    readFileSync(nodePath.join(resultsDir, 'gan-wgan-clip.png')).copy(big);
    writeFileSync(nodePath.join(dir, 'gan-wgan-clip.png'), big);
    expect(await readTemplateResults(dir, 'wgan-clip')).toBeNull();
    // A real PNG (here a link to one) is read.
    symlinkSync(nodePath.join(resultsDir, 'detr-boxes.png'), nodePath.join(dir, 'detr-boxes.png'));
    expect((await readTemplateResults(dir, 'detr'))?.width).toBe(2066);
  });

  it('pngSize reads IHDR and refuses other bytes', () => {
    expect(pngSize(readFileSync(nodePath.join(resultsDir, 'vqgan-samples.png')))).toEqual({
      width: 466,
      height: 118,
    });
    expect(pngSize(Buffer.from('GIF89a........................'))).toBeUndefined();
    expect(pngSize(Buffer.alloc(10))).toBeUndefined();
  });
});
