// Renders the document's previews from the current weights: the sources are evaluated in
// inference mode (training: false) on the test split, with an RNG reseeded identically each
// time, so the same test images are shown at every refresh and training randomness is untouched.
import type { ApplyContext, NodeLayer, Tensor } from '../../../core/node-contract/node-definition';
import type { Preview } from '../../../core/document/document.types';
import type { TrainPreview } from '../../../core/ipc/training-messages';
import type { BuiltProgram } from '../build/build-program';
import { evaluation } from '../build/evaluate';
import { unpackMaskHex, type MadeMaskPreview } from '../../../nodes/autoregressive/made/made-masks';
import { renderBars, renderGrid, renderMatrices, type ImageBatch } from './png-grid';
import { renderAttentionMap } from './attention-map';
import { arrangeTiles, gridAxes } from './grid-tiles';
import { previewGrid } from './preview-grid';
import { createRng } from './rng';

export interface RenderedPreview {
  event: TrainPreview;
  /** PNG bytes when the preview is an image. */
  png?: Buffer;
}

const PREVIEW_BATCH = 16;

const toBatch = (t: Tensor): ImageBatch | undefined => {
  if (t.rank !== 4 && t.rank !== 3) return undefined;
  const [n = 1, h = 1, w = 1, c = 1] = t.shape;
  return {
    data: Float32Array.from(t.dataSync() as Float32Array),
    count: n,
    height: h,
    width: w,
    channels: t.rank === 3 ? 1 : c,
  };
};

/** Preview data larger than this (JSON characters) loses its bulky arrays; the PNG shows them. */
const MAX_DATA_CHARS = 100_000;

/** The built layer of a node: top level, inside a module's shared set ('ar' or 'density/ar'), or a copy. */
const findLayer = (built: BuiltProgram, nodeId: string): NodeLayer | undefined => {
  const direct = built.top.layers.get(nodeId) ?? [...built.resolveLayers([nodeId])][0];
  if (direct) return direct;
  for (const set of built.sets.filter((s) => s.kind !== 'top')) {
    const l = set.layers.get(nodeId);
    if (l) return l;
  }
  return undefined;
};

const isMadeMasks = (d: unknown): d is MadeMaskPreview =>
  typeof d === 'object' &&
  d !== null &&
  (d as { kind?: unknown }).kind === 'made-masks' &&
  Array.isArray((d as { masks?: unknown }).masks);

/** 'node-preview': the first source node's layer.preview(); MADE masks also drawn as a PNG. */
const renderNodePreview = (
  built: BuiltProgram,
  preview: Preview,
  base: Omit<TrainPreview, 'image' | 'data'>,
): RenderedPreview | undefined => {
  const source = preview.sources[0];
  const data = source ? findLayer(built, source.node)?.preview?.() : undefined;
  if (data === undefined) return undefined;
  if (!isMadeMasks(data)) return { event: { ...base, data } };
  const png = renderMatrices(
    data.masks.map((m) => ({
      rows: m.rows,
      cols: m.cols,
      data: unpackMaskHex(m.bitsHex, m.rows * m.cols),
    })),
  );
  const image = {
    width: png.readUInt32BE(16),
    height: png.readUInt32BE(20),
    pngBase64: png.toString('base64'),
  };
  const small =
    JSON.stringify(data).length <= MAX_DATA_CHARS
      ? data
      : { ...data, bitsOmitted: true, masks: data.masks.map(({ bitsHex: _bits, ...m }) => m) };
  return { event: { ...base, data: small, image }, png };
};

/** 'text': evaluates the source (the Text Sampler generates), then shows its layer's text. */
const renderTextPreview = (
  built: BuiltProgram,
  preview: Preview,
  ctx: ApplyContext,
  base: Omit<TrainPreview, 'image' | 'data'>,
): RenderedPreview | undefined => {
  const source = preview.sources[0];
  if (!source || built.program.graph.nodes[source.node] === undefined) return undefined;
  built.tf.tidy(() => {
    evaluation(built, ctx).output(source);
  });
  const data = findLayer(built, source.node)?.preview?.();
  return data === undefined ? undefined : { event: { ...base, data } };
};

export const renderPreview = (
  built: BuiltProgram,
  preview: Preview,
  runId: string,
  step: number,
): RenderedPreview | undefined => {
  const { tf, program } = built;
  const training = program.training;
  const ctx: ApplyContext = {
    training: false,
    step,
    batchSize: Math.min(training.batchSize, PREVIEW_BATCH),
    split: 'test',
    rng: createRng(training.seed + 7919),
    handles: {},
  };
  const base = { runId, step, previewId: preview.id, title: preview.title, kind: preview.kind };
  if (preview.kind === 'node-preview') return renderNodePreview(built, preview, base);
  if (preview.kind === 'text') return renderTextPreview(built, preview, ctx, base);
  return tf.tidy(() => {
    const ev = evaluation(built, ctx);
    const sources = preview.sources.filter((s) => program.graph.nodes[s.node] !== undefined);
    if (sources.length === 0) return undefined;
    const tensors = sources.map((s) => ev.output(s));
    if (preview.kind === 'codebook-usage') {
      const idx = tensors[0] as Tensor;
      const node = program.graph.nodes[sources[0]!.node];
      const k =
        Number(node?.params.codebookSize ?? 0) || Math.max(...(idx.dataSync() as Int32Array)) + 1;
      const counts = new Array<number>(k).fill(0);
      for (const i of idx.dataSync()) counts[i] = (counts[i] ?? 0) + 1;
      const total = counts.reduce((a, b) => a + b, 0) || 1;
      const entropy = -counts.reduce(
        (h, c) => (c > 0 ? h + (c / total) * Math.log(c / total) : h),
        0,
      );
      const png = renderBars(counts);
      const data = {
        counts,
        used: counts.filter((c) => c > 0).length,
        perplexity: Math.exp(entropy),
      };
      return {
        event: {
          ...base,
          data,
          image: { width: k * 3, height: 100, pngBase64: png.toString('base64') },
        },
        png,
      };
    }
    if (preview.kind === 'attention-map') {
      // The first example only: [1, h, n, m] (or [1, n, m]) of the source's attention weights.
      const first = tf.slice(tensors[0] as Tensor, [0], [1]);
      const r = renderAttentionMap(first.dataSync(), first.shape);
      if (!r) return undefined;
      const image = {
        width: r.png.readUInt32BE(16),
        height: r.png.readUInt32BE(20),
        pngBase64: r.png.toString('base64'),
      };
      return { event: { ...base, data: r.data, image }, png: r.png };
    }
    if (preview.kind === 'scalar') {
      return {
        event: {
          ...base,
          data: Object.fromEntries(tensors.map((t, i) => [sources[i]!.port, t.dataSync()[0]])),
        },
      };
    }
    const batches = tensors.map(toBatch).filter((b): b is ImageBatch => b !== undefined);
    if (batches.length === 0) return undefined;
    // Diffusion grids (strip, sweep, samples per prompt) lay out rows and columns from the graph.
    const grid = batches.length === 1 ? previewGrid(program, preview) : undefined;
    if (grid && batches[0] && grid.order.length === batches[0].count) {
      const png = renderGrid([arrangeTiles(batches[0], grid.order)], grid.columns);
      const image = {
        width: png.readUInt32BE(16),
        height: png.readUInt32BE(20),
        pngBase64: png.toString('base64'),
      };
      return { event: { ...base, image, data: gridAxes(grid) }, png };
    }
    // Reconstructions: 4 (input, output) pairs per row; other kinds: 8 images per row.
    const png = renderGrid(batches, preview.kind === 'reconstruction' ? batches.length * 4 : 8);
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    return { event: { ...base, image: { width, height, pngBase64: png.toString('base64') } }, png };
  });
};
