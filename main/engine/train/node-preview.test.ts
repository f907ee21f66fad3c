// The 'node-preview' preview kind: the MADE template (shrunk) is compiled and built, and its
// "masks" preview draws the MADE layer's own masks as a PNG, one max-pooled panel per matrix,
// white where connected. The panels are checked pixel by pixel against masks recomputed from
// the paper's degree rule (made-masks.ts), independently of the renderer.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileDocument } from '../../../core/graph/compile';
import type { TesseraDocument } from '../../../core/document/document.types';
import { nodeRegistry } from '../../../nodes/registry';
import {
  madeConnectivity,
  type MadeMaskPreview,
  type MaskMatrix,
} from '../../../nodes/autoregressive/made/made-masks';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { buildProgram, type BuiltProgram } from '../build/build-program';
import { renderPreview } from './previews';
import { matrixLayout, renderMatrices } from './png-grid';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const HIDDEN = [12];

const buildMade = async (directConnection: boolean): Promise<BuiltProgram> => {
  const doc = JSON.parse(
    readFileSync(new URL('../../../templates/made.json', import.meta.url), 'utf8'),
  ) as TesseraDocument;
  Object.assign(doc.modules['density']!.nodes['ar']!.params, { hidden: HIDDEN, directConnection });
  doc.nodes['sampler']!.params.count = 2;
  doc.training.batchSize = 4;
  const r = compileDocument(doc, nodeRegistry, createShapeEnv());
  expect(r.diagnostics).toEqual([]);
  return buildProgram(tf, r.program!, { data: createDataProvider(), seed: doc.training.seed });
};

/** Independent max-pooling: block = ceil(longest side / 256). */
const pooledOnes = (
  m: MaskMatrix,
): { rows: number; cols: number; on: (r: number, c: number) => boolean } => {
  const block = Math.ceil(Math.max(m.rows, m.cols) / 256);
  const rows = Math.ceil(m.rows / block);
  const cols = Math.ceil(m.cols / block);
  const on = (r: number, c: number): boolean => {
    for (let i = r * block; i < Math.min(m.rows, (r + 1) * block); i++)
      for (let j = c * block; j < Math.min(m.cols, (c + 1) * block); j++)
        if (m.data[i * m.cols + j]) return true;
    return false;
  };
  return { rows, cols, on };
};

const decode = (base64: string): PNG => PNG.sync.read(Buffer.from(base64, 'base64'));
const grey = (png: PNG, x: number, y: number): number =>
  png.data[(y * png.width + x) * 4] as number;

describe("preview kind 'node-preview' (MADE mask visualizer)", () => {
  it('draws every MADE mask of the template (784 pixels, direct layer) as a max-pooled panel matching the degree rule', async () => {
    const built = await buildMade(true);
    const preview = built.program.previews.find((p) => p.id === 'masks')!;
    expect(preview.kind).toBe('node-preview');
    const before = tf.memory().numTensors;
    const r = renderPreview(built, preview, 'run', 0)!;
    expect(tf.memory().numTensors).toBe(before);

    // Ground truth: natural order, maskSeed 1, as in the template.
    const conn = madeConnectivity(784, HIDDEN, 'natural', 1, true);
    expect(conn.masks.map((m) => [m.name, m.rows, m.cols])).toEqual([
      ['w1', 784, 12],
      ['v', 12, 784],
      ['a', 784, 784],
    ]);
    // 784 -> 196 cells (blocks of 4), scale 1; 12 -> 3 cells; gaps of 4 px.
    const layout = matrixLayout(conn.masks);
    expect(layout.panels.map((p) => [p.width, p.height, p.block, p.scale])).toEqual([
      [3, 196, 4, 1],
      [196, 3, 4, 1],
      [196, 196, 4, 1],
    ]);
    expect(r.event.image).toMatchObject({ width: 4 + 3 + 4 + 196 + 4 + 196 + 4, height: 196 + 8 });
    expect(r.png?.toString('base64')).toBe(r.event.image?.pngBase64);

    const png = decode(r.event.image!.pngBase64);
    expect([png.width, png.height]).toEqual([411, 204]);
    conn.masks.forEach((m, i) => {
      const panel = layout.panels[i]!;
      const truth = pooledOnes(m);
      let white = 0;
      let black = 0;
      let wrong = 0;
      for (let y = 0; y < truth.rows; y++)
        for (let x = 0; x < truth.cols; x++) {
          const v = grey(png, panel.x + x, panel.y + y);
          if (v === 255) white++;
          else if (v === 0) black++;
          if (v !== (truth.on(y, x) ? 255 : 0)) wrong++;
        }
      expect(wrong).toBe(0);
      expect(white).toBeGreaterThan(0);
      expect(black).toBeGreaterThan(0);
      // Pooling 4x4 blocks: at least connections/16 white cells, at most the connections.
      const ones = m.data.reduce((s, b) => s + b, 0);
      expect(white).toBeGreaterThanOrEqual(Math.ceil(ones / 16));
      expect(white).toBeLessThanOrEqual(ones);
    });
    // The direct mask a[j, d] = 1 iff d > j: strictly upper triangular, so its pooled panel's
    // diagonal blocks are white (4x4 blocks hold j < d pairs) and everything below is black.
    const a = layout.panels[2]!;
    expect(grey(png, a.x + 10, a.y + 10)).toBe(255);
    expect(grey(png, a.x + 10, a.y + 11)).toBe(0);
    expect(grey(png, a.x + 195, a.y + 0)).toBe(255);
    expect(grey(png, a.x + 0, a.y + 195)).toBe(0);

    // The data: masks of 784 x 784 bits are > 100 KB as hex, so the bits are left to the PNG.
    const data = r.event.data as MadeMaskPreview & { bitsOmitted?: boolean };
    expect(data.kind).toBe('made-masks');
    expect(data.bitsOmitted).toBe(true);
    expect(data.masks.map((m) => [m.name, m.rows, m.cols, m.connections])).toEqual(
      conn.masks.map((m) => [m.name, m.rows, m.cols, m.data.reduce((s, b) => s + b, 0)]),
    );
    expect(data.masks.every((m) => m.bitsHex === undefined)).toBe(true);
    expect(data.degrees[1]).toEqual(conn.degrees[1]);
    expect(JSON.stringify(data).length).toBeLessThan(100_000);
    built.dispose();
  });

  it('keeps the packed bits when they are small, and unpooled panels count exactly the mask ones', async () => {
    const built = await buildMade(false);
    const r = renderPreview(
      built,
      built.program.previews.find((p) => p.id === 'masks')!,
      'run',
      3,
    )!;
    const layer = built.shared.get('density')!.layers.get('ar')!;
    expect(r.event.data).toEqual(layer.preview!());
    expect(r.event).toMatchObject({
      runId: 'run',
      step: 3,
      previewId: 'masks',
      kind: 'node-preview',
    });
    expect(r.event.image).toMatchObject({ width: 4 + 3 + 4 + 196 + 4, height: 196 + 8 });

    // Without pooling (maxSide 1024), each white pixel / scale^2 is one connection.
    const conn = madeConnectivity(784, HIDDEN, 'natural', 1, false);
    const layout = matrixLayout(conn.masks, 1024);
    const png = PNG.sync.read(renderMatrices(conn.masks, 1024));
    conn.masks.forEach((m, i) => {
      const p = layout.panels[i]!;
      expect([p.block, p.scale, p.width, p.height]).toEqual([1, 1, m.cols, m.rows]);
      let white = 0;
      for (let y = 0; y < p.height; y++)
        for (let x = 0; x < p.width; x++) if (grey(png, p.x + x, p.y + y) === 255) white++;
      expect(white).toBe(m.data.reduce((s, b) => s + b, 0));
      expect(white).toBeGreaterThan(0);
      expect(white).toBeLessThan(m.rows * m.cols);
    });
    built.dispose();
  });

  it('scales small masks up and passes other preview() data through without an image', async () => {
    const small: MaskMatrix[] = madeConnectivity(5, [7], 'random', 2, false).masks;
    const layout = matrixLayout(small);
    // 5 x 7 -> longest side 7 -> scale floor(96 / 7) capped at 8.
    expect(layout.panels.map((p) => [p.width, p.height, p.scale])).toEqual([
      [56, 40, 8],
      [40, 56, 8],
    ]);
    const png = PNG.sync.read(renderMatrices(small));
    const w1 = small[0]!;
    const p0 = layout.panels[0]!;
    let white = 0;
    for (let y = 0; y < p0.height; y++)
      for (let x = 0; x < p0.width; x++) if (grey(png, p0.x + x, p0.y + y) === 255) white++;
    expect(white / 64).toBe(w1.data.reduce((s, b) => s + b, 0));

    const built = await buildMade(false);
    const layer = built.shared.get('density')!.layers.get('ar')!;
    layer.preview = () => ({ kind: 'other', values: [1, 2, 3] });
    const preview = built.program.previews.find((p) => p.id === 'masks')!;
    const r = renderPreview(built, preview, 'run', 0)!;
    expect(r.event.data).toEqual({ kind: 'other', values: [1, 2, 3] });
    expect(r.event.image).toBeUndefined();
    expect(r.png).toBeUndefined();
    expect(
      renderPreview(built, { ...preview, sources: [{ node: 'nll', port: 'loss' }] }, 'run', 0),
    ).toBeUndefined();
    built.dispose();
  });
});
