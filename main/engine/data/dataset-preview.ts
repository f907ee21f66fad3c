// The inspector's look at a dataset node (datasets:preview): for MNIST, Fashion-MNIST and an image
// folder, a few images of each class (classes in turn, so every class shows) as the model sees
// them, with their class names; for a text file, its first characters and the split's sizes.
// Failures come back as diagnostics naming the node and the fix, never as throws.
// n samples, h w c their size; pixels in [0, 1].
import { PNG } from 'pngjs';
import { diagnostic, type Diagnostic } from '../../../core/diagnostics/diagnostic';
import type {
  DatasetPreviewRequest,
  DatasetPreviewResult,
  DatasetSample,
} from '../../../core/ipc/dataset-preview';
import type { DataProvider, DatasetArrays } from '../../../core/node-contract/node-definition';
import { checkParam, withDefaults } from '../../../core/node-contract/param-spec';
import { nodeRegistry } from '../../../nodes/registry';
import { loadImageFolderFor } from '../../../nodes/data/image-folder/image-folder.layer';
import { splitImages } from '../../../nodes/data/image-folder/image-folder-split';
import type { ImageFolderParams } from '../../../nodes/data/image-folder/image-folder.params';
import { loadTextFor, splitText } from '../../../nodes/data/text-file/text-file.layer';
import { decodeTokens, textTokensOf } from '../../../nodes/data/text-file/text-tokens';

export const PREVIEW_SAMPLES = 16;
/** Characters (or bytes) of a text shown. */
export const PREVIEW_TEXT = 400;

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
/** Zalando's label names (fashion-mnist README). */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

/** Indices of up to `n` samples, one of each class in turn (first occurrences first). */
export const samplesByClass = (labels: ArrayLike<number>, n: number): number[] => {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] ?? 0;
    const list = byClass.get(l) ?? [];
    if (list.length < n) list.push(i);
    byClass.set(l, list);
  }
  const classes = [...byClass.keys()].sort((a, b) => a - b);
  const out: number[] = [];
  for (let round = 0; out.length < n; round++) {
    let any = false;
    for (const c of classes) {
      const i = byClass.get(c)![round];
      if (i === undefined || out.length >= n) continue;
      out.push(i);
      any = true;
    }
    if (!any) break;
  }
  return out;
};

/** Image j of `data` as a PNG (grey or RGB), its own size, base64. */
export const samplePng = (data: DatasetArrays, j: number, binarize = false): string => {
  const { height: h, width: w, channels: c } = data;
  const png = new PNG({ width: w, height: h });
  const base = j * h * w * c;
  for (let p = 0; p < h * w; p++)
    for (let ch = 0; ch < 3; ch++) {
      let v = data.images[base + p * c + (c >= 3 ? ch : 0)] ?? 0;
      if (binarize) v = v > 0.5 ? 1 : 0;
      png.data[p * 4 + ch] = Math.round(Math.min(1, Math.max(0, v)) * 255);
      png.data[p * 4 + 3] = 255;
    }
  return PNG.sync.write(png).toString('base64');
};

const samplesOf = (
  data: DatasetArrays,
  classNames: readonly string[],
  binarize = false,
): DatasetSample[] =>
  samplesByClass(data.labels.subarray(0, data.count), PREVIEW_SAMPLES).map((j) => {
    const label = data.labels[j] ?? 0;
    return {
      label,
      className: classNames[label] ?? String(label),
      pngBase64: samplePng(data, j, binarize),
    };
  });

const fail = (message: string, nodeId?: string): DatasetPreviewResult => ({
  diagnostics: [diagnostic('error', 'dataset', message, nodeId ? { nodeId } : {})],
});

export const previewDataset = async (
  request: DatasetPreviewRequest,
  data: DataProvider,
): Promise<DatasetPreviewResult> => {
  const def = nodeRegistry.get(request.type);
  const nodeId = request.nodeId ?? 'node';
  if (!def || def.role !== 'dataset')
    return fail(
      `${request.type} is not a dataset node; select a dataset node to preview it.`,
      request.nodeId,
    );
  const params = withDefaults(def.params, request.params);
  const bad = Object.entries(def.params)
    .map(([name, spec]) => checkParam(name, spec, params[name]))
    .filter((m): m is string => m !== undefined);
  if (bad.length > 0) return fail(`${def.title} (${nodeId}): ${bad.join(' ')}`, request.nodeId);
  const ctx = { nodeId, data };
  try {
    if (request.type === 'data/mnist' || request.type === 'data/fashion-mnist') {
      const name = request.type.slice('data/'.length);
      const [train, test] = [await data.load(name, 'train'), await data.load(name, 'test')];
      const classNames = name === 'mnist' ? MNIST_CLASSES : FASHION_MNIST_CLASSES;
      return {
        preview: {
          kind: 'images',
          height: test.height,
          width: test.width,
          channels: test.channels,
          classNames,
          trainCount: train.count,
          validationCount: test.count,
          samples: samplesOf(test, classNames, params['binarize'] === true),
          notes: [],
        },
        diagnostics: [],
      };
    }
    if (request.type === 'data/image-folder') {
      const p = params as unknown as ImageFolderParams;
      const folder = await loadImageFolderFor(p, ctx);
      const split = splitImages(folder, p.validation, p.seed);
      return {
        preview: {
          kind: 'images',
          height: folder.height,
          width: folder.width,
          channels: folder.channels,
          classNames: folder.classNames,
          trainCount: split.train.count,
          validationCount: split.testIndex === split.trainIndex ? 0 : split.test.count,
          samples: samplesOf(folder, folder.classNames),
          notes: folder.notes,
        },
        diagnostics: folder.notes.map((n) =>
          diagnostic('warning', 'dataset', `${def.title} (${nodeId}): ${n}`, { nodeId }),
        ),
      };
    }
    if (request.type === 'data/text-file') {
      const source = String(params['source']);
      const text = await loadTextFor({ source, tokens: String(params['tokens']) }, ctx, def.title);
      const splits = splitText(text.ids, Number(params['validation']));
      return {
        preview: {
          kind: 'text',
          tokens: textTokensOf(text.tokens),
          vocabSize: text.vocab.length,
          excerpt: decodeTokens(text, splits.train.subarray(0, PREVIEW_TEXT)),
          trainTokens: splits.train.length,
          validationTokens: splits.test.length,
        },
        diagnostics: [],
      };
    }
  } catch (e) {
    return fail((e as Error).message, request.nodeId);
  }
  return {
    diagnostics: [
      diagnostic('info', 'dataset', `${def.title} has no preview in the inspector yet.`, {
        nodeId,
      }),
    ] satisfies Diagnostic[],
  };
};
