// The Image Folder node over folders written in the test: shapes from its params, seeded batches
// in the range asked for, a stratified seeded split, warnings through ctx.warn, errors naming the
// node and the fix.
import path from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createDataProvider } from '../../../main/engine/data/data-provider';
import {
  pngBytes,
  tempDir,
  twoClassFolder,
  writeImageFolder,
} from '../../../main/engine/data/image-folder/testing/make-image-folder';
import { applyCtx, buildCtx, infer, paramsOf, testRng } from '../../shared/test-kit';
import { splitImages, validationCount } from './image-folder-split';
import type { ImageFolderPreview } from './image-folder.layer';
import { imageFolderNode } from './image-folder.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = createDataProvider({ imageFolderCacheDir: tempDir('tessera-cache-') });
const build = async (given: Record<string, unknown>, warnings: string[] = []) =>
  imageFolderNode.build(tf, paramsOf(imageFolderNode, given) as never, {
    ...buildCtx({}),
    data,
    warn: (m) => warnings.push(m),
  });

describe('data/image-folder', () => {
  it('infers B x H x W x C images and B labels from its params; no folder is an error with the fix', () => {
    const r = infer(
      imageFolderNode,
      {},
      { folder: '/data/pets', height: 28, width: 24, channels: '1' },
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.image).toEqual(tensorType('float32', ['B', 28, 24, 1]));
    expect(r.outputs.label).toEqual(tensorType('int32', ['B']));
    expect(infer(imageFolderNode, {}, {}).outputs.image).toEqual(
      tensorType('float32', ['B', 32, 32, 3]),
    );
    expect(infer(imageFolderNode, {}, {}).diagnostics[0]?.message).toMatch(
      /Image Folder has no folder: set it to a folder with one sub-folder .* per class/,
    );
  });

  it('draws seeded batches of the size asked for, in 0..1 or -1..1, labels from the sub-folders', async () => {
    const folder = twoClassFolder(10, 16);
    const layer = await build({ folder, height: 8, width: 8, channels: '1', validation: 0.2 });
    const out = layer.apply({}, applyCtx({ batchSize: 6, rng: testRng(3) }));
    expect(out.image!.shape).toEqual([6, 8, 8, 1]);
    expect(out.label!.dtype).toBe('int32');
    const px = Array.from(await out.image!.data());
    expect(Math.min(...px)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...px)).toBeLessThanOrEqual(1);
    const again = layer.apply({}, applyCtx({ batchSize: 6, rng: testRng(3) }));
    expect(await again.label!.data()).toEqual(await out.label!.data());
    const signed = await build({ folder, height: 8, width: 8, channels: '3', normalize: '-1..1' });
    const s = signed.apply({}, applyCtx({ batchSize: 4, rng: testRng(3) }));
    expect(s.image!.shape).toEqual([4, 8, 8, 3]);
    expect(Math.min(...(await s.image!.data()))).toBeLessThan(-0.5);
    // Dark images (label 0) are darker than light ones (label 1) on average.
    const labels = Array.from(await out.label!.data());
    const means = labels.map(
      (_, i) => px.slice(i * 64, (i + 1) * 64).reduce((a: number, v: number) => a + v, 0) / 64,
    );
    labels.forEach((l, i) => expect(l === 0 ? means[i]! < 0.5 : means[i]! > 0.5).toBe(true));
    expect(layer.preview?.() as ImageFolderPreview).toMatchObject({
      kind: 'image-folder',
      classNames: ['dark', 'light'],
      trainImages: 16,
      validationImages: 4,
    });
  });

  it('holds out a seeded fraction of each class; the test split has only held-out images', async () => {
    expect([
      validationCount(10, 0.2),
      validationCount(1, 0.5),
      validationCount(3, 0.01),
      validationCount(5, 0),
    ]).toEqual([2, 0, 1, 0]);
    const d = await data.loadImageFolder!({
      folder: twoClassFolder(10, 8),
      height: 4,
      width: 4,
      channels: 1,
    });
    const a = splitImages(d, 0.3, 7);
    const b = splitImages(d, 0.3, 7);
    expect(a.testIndex).toEqual(b.testIndex);
    expect(splitImages(d, 0.3, 8).testIndex).not.toEqual(a.testIndex);
    // 3 of each class held out; train and test never share an image.
    expect(a.testIndex.map((j) => d.labels[j])).toEqual([0, 0, 0, 1, 1, 1]);
    expect(a.trainIndex.filter((j) => a.testIndex.includes(j))).toEqual([]);
    expect(a.train.count + a.test.count).toBe(20);
  });

  it('warns (through the run log) of skipped files and of a batch larger than the training split', async () => {
    const folder = writeImageFolder({
      'a/1.png': pngBytes(4, 4, () => [10, 10, 10]),
      'a/2.png': pngBytes(4, 4, () => [20, 20, 20]),
      'a/broken.png': 'not a png',
    });
    const warnings: string[] = [];
    const layer = await build(
      { folder, height: 4, width: 4, channels: '1', validation: 0 },
      warnings,
    );
    expect(warnings.join('\n')).toMatch(
      /Image Folder \(n1\): Skipped 1 of 3 image files .*a\/broken\.png/,
    );
    layer.apply({}, applyCtx({ batchSize: 8 }));
    layer.apply({}, applyCtx({ batchSize: 8 }));
    const batch = warnings.filter((w) => /fewer than the batch size/.test(w));
    expect(batch).toEqual([
      'Image Folder (n1): the training split has 2 image(s), fewer than the batch size 8, so every batch repeats images; add images or lower the batch size.',
    ]);
  });

  it('refuses a missing folder and an unset one, naming the node and the fix', async () => {
    await expect(build({ folder: path.join(tempDir(), 'missing') })).rejects.toThrow(
      /Image Folder \(n1\): the folder .*missing does not exist; set the folder/,
    );
    await expect(build({ folder: ' ' })).rejects.toThrow(/Image Folder \(n1\): no folder is set/);
  });
});
