// The 'attention-map' preview: heatmaps of a head's weights over query x key positions, checked
// pixel by pixel against the weights of real attention layers, and through renderPreview on the
// VQGAN template (its bottleneck self-attention).
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileDocument } from '../../../core/graph/compile';
import { nodeRegistry } from '../../../nodes/registry';
import { createMultiHeadAttention } from '../../../nodes/attention/multi-head-attention/multi-head-attention.layer';
import { createGatedAttentionUnitLayer } from '../../../nodes/attention/gated-attention-unit/gated-attention-unit.layer';
import { applyContext, buildContext } from '../../../nodes/attention/test-context';
import { buildProgram } from '../build/build-program';
import { createDataProvider, createShapeEnv } from '../data/data-provider';
import { loadTemplate } from '../testing/engine-fixtures';
import { meanPool, renderAttentionMap, viridis } from './attention-map';
import { renderPreview } from './previews';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const rgb = (png: PNG, x: number, y: number): number[] => {
  const p = (y * png.width + x) * 4;
  return [png.data[p]!, png.data[p + 1]!, png.data[p + 2]!];
};
const decode = (b: Buffer): PNG => PNG.sync.read(b);

describe("preview kind 'attention-map'", () => {
  it('colours 0 purple and the max yellow; mean-pools blocks', () => {
    expect(viridis(0)).toEqual([68, 1, 84]);
    expect(viridis(1)).toEqual([253, 231, 37]);
    expect(viridis(0.5)).toEqual([33, 145, 140]);
    expect(viridis(0.125)).toEqual([64, 42, 112]);
    const m = { rows: 3, cols: 3, data: Float32Array.from([1, 3, 5, 1, 3, 5, 2, 2, 9]) };
    const p = meanPool(m, 2);
    expect([p.rows, p.cols]).toEqual([2, 2]);
    expect(Array.from(p.data)).toEqual([2, 5, 2, 9]);
  });

  it('draws each head of a causal softmax layer: rows = queries, keys above the diagonal dark', () => {
    const layer = createMultiHeadAttention(
      tf,
      { heads: 2, causal: true },
      buildContext({ x: ['float32', [2, 6, 8]] }, 3),
    );
    const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 1);
    const att = layer.apply({ x }, applyContext())['attention']!;
    const values = att.dataSync();
    const r = renderAttentionMap(values, att.shape)!;
    expect(r.data).toMatchObject({ heads: 2, shownHeads: 2, queries: 6, keys: 6, block: 1 });
    expect(r.data.rowSum.min).toBeCloseTo(1, 5);
    expect(r.data.rowSum.max).toBeCloseTo(1, 5);
    // Query 0 sees only key 0: weight 1, the max of every head.
    expect(r.data.headMax).toEqual([1, 1]);
    const png = decode(r.png);
    // 6 cells scaled x8 (at most 8x) per panel, 4-px gaps: 4 + 48 + 4 + 48 + 4.
    expect([png.width, png.height]).toEqual([108, 56]);
    const a = att.arraySync() as number[][][][];
    for (const head of [0, 1])
      for (let i = 0; i < 6; i++)
        for (let j = 0; j < 6; j++) {
          const px = rgb(png, 4 + head * 52 + j * 8 + 4, 4 + i * 8 + 4);
          expect(px, `head ${head} q${i} k${j}`).toEqual(viridis(a[0]![head]![i]![j]! / 1));
        }
    expect(rgb(png, 2, 2)).toEqual([128, 128, 128]);
  });

  it("scales GAU's relu^2 weights (rows not summing to 1) to each head's max", () => {
    const layer = createGatedAttentionUnitLayer(
      tf,
      { expansion: 2, s: 4, causal: true },
      buildContext({ x: ['float32', [1, 5, 4]] }, 9),
    );
    for (const [k, v] of Object.entries(layer.weights))
      if (k.startsWith('gamma')) v.assign(tf.fill(v.shape, 1.5));
    const att = layer.apply({ x: tf.randomNormal([1, 5, 4], 0, 1, 'float32', 2) }, applyContext())[
      'attention'
    ]!;
    const r = renderAttentionMap(att.dataSync(), att.shape)!;
    const a = (att.arraySync() as number[][][][])[0]![0]!;
    const top = Math.max(...a.flat());
    expect(top).toBeGreaterThan(0);
    expect(r.data.headMax[0]).toBeCloseTo(top, 6);
    expect(Math.abs(r.data.rowSum.max - 1)).toBeGreaterThan(1e-3);
    const png = decode(r.png);
    const scale = 8; // min(8, floor(96 / 5))
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++)
        expect(rgb(png, 4 + j * scale + 1, 4 + i * scale + 1)).toEqual(viridis(a[i]![j]! / top));
  });

  it('mean-pools long sequences to at most 128 cells a side, and refuses other ranks', () => {
    const n = 300;
    const values = new Float32Array(n * n).map((_, k) => (k % n <= Math.floor(k / n) ? 1 : 0));
    const r = renderAttentionMap(values, [1, 1, n, n])!;
    expect(r.data.block).toBe(3);
    const png = decode(r.png);
    expect([png.width, png.height]).toEqual([4 + 100 + 4, 100 + 8]);
    expect(rgb(png, 4 + 99, 4)).toEqual(viridis(0)); // top-right: future keys
    expect(rgb(png, 4, 4 + 99)).toEqual(viridis(1)); // bottom-left: all seen
    expect(renderAttentionMap(values, [n * n])).toBeUndefined();
  });

  it("renders through renderPreview on the VQGAN template's bottleneck attention (49 positions)", async () => {
    const doc = loadTemplate('vqgan');
    doc.training.batchSize = 4;
    doc.previews['attn'] = {
      id: 'attn',
      kind: 'attention-map',
      title: 'Bottleneck attention',
      sources: [{ node: 'enc-attn', port: 'attention' }],
      every: 100,
    };
    const compiled = compileDocument(doc, nodeRegistry, createShapeEnv());
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const built = await buildProgram(tf, compiled.program!, {
      data: createDataProvider(),
      seed: doc.training.seed,
    });
    const before = tf.memory().numTensors;
    const r = renderPreview(built, doc.previews['attn'], 'run', 3)!;
    expect(tf.memory().numTensors).toBe(before);
    expect(r.event.kind).toBe('attention-map');
    expect(r.event.data).toMatchObject({ heads: 1, queries: 49, keys: 49, block: 1 });
    const data = r.event.data as { rowSum: { min: number; max: number } };
    expect(data.rowSum.min).toBeCloseTo(1, 4);
    const png = decode(r.png!);
    // 49 cells at scale 1 (96 / 49 -> 1): 4 + 49 + 4 wide.
    expect([png.width, png.height, r.event.image?.width]).toEqual([57, 57, 57]);
  });

  it("renders FLASH's lazy map through renderPreview; negative linear-term weights set the purple end", async () => {
    const node = (id: string, type: string, params: Record<string, unknown>) => ({
      id,
      type,
      typeVersion: 1,
      params,
      position: { x: 0, y: 0 },
    });
    const preview = {
      id: 'attn',
      kind: 'attention-map' as const,
      title: 'FLASH attention',
      sources: [{ node: 'flash', port: 'attention' }],
      every: 1,
    };
    const doc = {
      format: 'tessera.project',
      formatVersion: 2,
      appVersion: '0.2.0',
      name: 'flash map',
      description: '',
      nodes: {
        noise: node('noise', 'noise/gaussian', { dims: [8, 6] }),
        flash: node('flash', 'attention/flash', { expansion: 2, s: 4, chunk: 4, causal: true }),
      },
      edges: {
        e: {
          id: 'e',
          source: { node: 'noise', port: 'noise' },
          target: { node: 'flash', port: 'x' },
        },
      },
      modules: {},
      training: { seed: 1, batchSize: 2, stages: [], checkpointEvery: 0 },
      previews: { attn: preview },
    };
    const compiled = compileDocument(doc as never, nodeRegistry, createShapeEnv());
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const built = await buildProgram(tf, compiled.program!, {
      data: createDataProvider(),
      seed: 1,
    });
    const weights = built.top.layers.get('flash')!.weights;
    for (const [k, v] of Object.entries(weights))
      if (k.startsWith('gamma')) v.assign(tf.randomNormal(v.shape, 0, 2, 'float32', k.length));
    const r = renderPreview(built, preview, 'run', 0)!;
    const data = r.event.data as { headMin: number[]; headMax: number[]; queries: number };
    expect(data.queries).toBe(8);
    expect(data.headMin[0]).toBeLessThan(0);
    expect(data.headMax[0]).toBeGreaterThan(0);
    const png = decode(r.png!);
    expect([png.width, png.height]).toEqual([4 + 64 + 4, 64 + 8]);
    const [lo, hi] = [data.headMin[0]!, data.headMax[0]!];
    let purple = 0;
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++) {
        const px = rgb(png, 4 + j * 8 + 4, 4 + i * 8 + 4);
        if (j > i) expect(px).toEqual(viridis(-lo / (hi - lo))); // causal: zero, above the purple end
        if (px.join() === viridis(0).join()) purple++;
      }
    expect(purple).toBe(1); // exactly one cell is the minimum
  });
});
