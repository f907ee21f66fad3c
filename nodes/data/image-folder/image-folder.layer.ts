// The Image Folder dataset at run time: the engine decodes, resizes and caches the folder
// (ctx.data.loadImageFolder); the layer splits it (stratified, seeded) and draws batches with the
// run's seeded RNG like MNIST. Notes (skipped files, resized sizes, converted channels) and a
// batch larger than the training split are reported through ctx.warn, once.
// b batch, h w the size asked for, c channels (1 or 3); labels index the sorted class sub-folders.
import type {
  BuildContext,
  ImageFolderArrays,
  NodeLayer,
  TF,
} from '../../../core/node-contract/node-definition';
import { drawImageBatch } from '../image-dataset.layer';
import { splitImages } from './image-folder-split';
import { channelsOf, type ImageFolderParams } from './image-folder.params';

export const IMAGE_FOLDER_TITLE = 'Image Folder';

export const loadImageFolderFor = async (
  params: ImageFolderParams,
  ctx: Pick<BuildContext, 'nodeId' | 'data'>,
): Promise<ImageFolderArrays> => {
  const who = `${IMAGE_FOLDER_TITLE} (${ctx.nodeId})`;
  if (params.folder.trim() === '')
    throw new Error(`${who}: no folder is set; set 'folder' to a folder of PNG or JPEG images.`);
  if (!ctx.data.loadImageFolder)
    throw new Error(`${who}: this engine cannot read image folders; update Tessera.`);
  try {
    return await ctx.data.loadImageFolder({
      folder: params.folder.trim(),
      height: params.height,
      width: params.width,
      channels: channelsOf(params),
    });
  } catch (e) {
    throw new Error(`${who}: ${(e as Error).message}`, { cause: e });
  }
};

export interface ImageFolderPreview {
  kind: 'image-folder';
  folder: string;
  classNames: string[];
  trainImages: number;
  validationImages: number;
  notes: string[];
}

export const createImageFolderLayer = async (
  tf: TF,
  params: ImageFolderParams,
  ctx: BuildContext,
): Promise<NodeLayer> => {
  const who = `${IMAGE_FOLDER_TITLE} (${ctx.nodeId})`;
  const data = await loadImageFolderFor(params, ctx);
  const split = splitImages(data, params.validation, params.seed);
  const notes = [...data.notes];
  if (params.validation > 0 && split.testIndex === split.trainIndex)
    notes.push(
      `No image could be held out for validation (each class has one image); previews show training images. Add images.`,
    );
  for (const n of notes) ctx.warn?.(`${who}: ${n}`);
  let warnedBatch = false;
  return {
    weights: {},
    apply: (_inputs, actx) => {
      const from = split[actx.split];
      if (!warnedBatch && actx.split === 'train' && actx.batchSize > from.count) {
        warnedBatch = true;
        ctx.warn?.(
          `${who}: the training split has ${from.count} image(s), fewer than the batch size ${actx.batchSize}, so every batch repeats images; add images or lower the batch size.`,
        );
      }
      return drawImageBatch(tf, from, { binarize: false, normalize: params.normalize }, actx);
    },
    preview: (): ImageFolderPreview => ({
      kind: 'image-folder',
      folder: params.folder,
      classNames: data.classNames,
      trainImages: split.train.count,
      validationImages: split.testIndex === split.trainIndex ? 0 : split.test.count,
      notes,
    }),
  };
};
