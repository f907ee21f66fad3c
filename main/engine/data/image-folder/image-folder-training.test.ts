// The Image Folder stands in for MNIST in the conv-autoencoder template: the same shapes on every
// edge (B x 28 x 28 x 1 in), and training on a folder of PNGs and JPEGs written here lowers the
// held-out reconstruction error through the app's Trainer on wasm.
import { describe, it, expect, beforeAll } from 'vitest';
import type * as tfjs from '@tensorflow/tfjs';
import { compileDocument } from '../../../../core/graph/compile';
import { nodeRegistry } from '../../../../nodes/registry';
import { initBackend } from '../../backend/select-backend';
import { buildProgram } from '../../build/build-program';
import { loadTemplate } from '../../testing/engine-fixtures';
import { evaluateScalars } from '../../train/evaluate-outputs';
import { Trainer } from '../../train/trainer';
import path from 'node:path';
import { exportToTemp, typecheck } from '../../export/testing/export-fixture';
import { expectExportMatchesApp } from '../../../../templates/testing/export-matches-app';
import { createDataProvider, createShapeEnv } from '../data-provider';
import { jpegBytes, tempDir, twoClassFolder, writeImageFolder } from './testing/make-image-folder';

let tf: typeof tfjs;
beforeAll(async () => {
  tf = (await initBackend({ backend: 'wasm' })).tf;
});

const convAutoencoderOn = (folder: string) => {
  const doc = loadTemplate('conv-autoencoder');
  doc.nodes.data = {
    ...doc.nodes.data!,
    type: 'data/image-folder',
    label: 'Image Folder',
    params: {
      folder,
      height: 28,
      width: 28,
      channels: '1',
      normalize: '0..1',
      validation: 0.2,
      seed: 3,
    },
  };
  doc.training.batchSize = 16;
  doc.training.stages[0]!.steps = 80;
  doc.training.checkpointEvery = 0;
  return doc;
};

describe('Image Folder in the conv-autoencoder template', () => {
  it('compiles with the MNIST shapes and learns the folder: held-out MSE falls', async () => {
    // 2 classes x 12 images at 28 x 28 (PNG and JPEG), and 2 larger JPEGs that get resized.
    const folder = twoClassFolder(12, 28);
    writeImageFolder(
      {
        'dark/big-0.jpg': jpegBytes(40, 40, (x, y) =>
          Math.abs(x - 20) < 5 || Math.abs(y - 20) < 5 ? [220, 220, 220] : [10, 10, 10],
        ),
        'light/big-0.jpg': jpegBytes(40, 40, (x, y) =>
          Math.abs(x - 20) < 5 || Math.abs(y - 20) < 5 ? [10, 10, 10] : [230, 230, 230],
        ),
      },
      folder,
    );
    const doc = convAutoencoderOn(folder);
    const r = compileDocument(doc, nodeRegistry, createShapeEnv());
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const t = (...shape: (string | number)[]) => ({ kind: 'tensor', dtype: 'float32', shape });
    expect(r.program!.graph.nodes.data!.outputTypes.image).toEqual(t('B', 28, 28, 1));
    expect(r.program!.graph.nodes['dec2-sigmoid']!.outputTypes.y).toEqual(t('B', 28, 28, 1));

    const warnings: string[] = [];
    const built = await buildProgram(tf, r.program!, {
      data: createDataProvider({ imageFolderCacheDir: tempDir('tessera-cache-') }),
      seed: doc.training.seed,
      warn: (m) => warnings.push(m),
    });
    expect(warnings.join('\n')).toMatch(
      /Image Folder \(data\): The images come in 2 sizes \(28 x 28, 40 x 40\); all were resized to 28 x 28/,
    );
    const refs = [{ node: 'recon', port: 'loss' }];
    const before = evaluateScalars(built, refs)['recon.loss']!;
    const trainer = new Trainer(built);
    const losses: number[] = [];
    while (!trainer.done) losses.push(trainer.runStep().losses['Reconstruction'] ?? NaN);
    const after = evaluateScalars(built, refs)['recon.loss']!;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `conv autoencoder on an image folder (26 images): held-out MSE ${before.toFixed(4)} -> ${after.toFixed(4)}; training loss first 5 ${mean(losses.slice(0, 5)).toFixed(4)}, last 5 ${mean(losses.slice(-5)).toFixed(4)}`,
    );
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(after).toBeLessThan(before * 0.5);
    expect(mean(losses.slice(-5))).toBeLessThan(mean(losses.slice(0, 5)) * 0.5);
    built.dispose();
  }, 180_000);

  it('exports to a TypeScript program that reads the same folder and gives the same first losses', async () => {
    // Both the app and the exported program (a child process) cache under this run's own folder.
    process.env.XDG_CACHE_HOME = tempDir('tessera-xdg-');
    const doc = convAutoencoderOn(twoClassFolder(8, 28));
    await expectExportMatchesApp(tf, doc, [
      ['Reconstruction'],
      ['Reconstruction'],
      ['Reconstruction'],
    ]);
    // The program and its support folder (the image decoders included) compile under tsc --strict.
    const { dir, result } = await exportToTemp(doc, 'model');
    expect(Object.keys(result.files)).toContain(
      'model.lib/main/engine/data/image-folder/decode-image.ts',
    );
    expect(await typecheck([path.join(dir, 'model.lib', 'tsconfig.json')])).toBe('');
  }, 300_000);
});
