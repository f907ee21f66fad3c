// Params of the image-folder dataset node (shared by its declaration and its layer).
import { imageDatasetParams } from '../image-dataset-spec';

export const imageFolderParams = {
  folder: {
    kind: 'string',
    default: '',
    doc: 'The folder of images: one sub-folder per class (cat/, dog/, ...), PNG or JPEG files in each. A folder of images without sub-folders is one class. Outside the projects folder, choose it with Choose folder… so the app may read it.',
  },
  height: {
    kind: 'int',
    default: 32,
    min: 2,
    max: 1024,
    doc: 'H: every image is resized to this height.',
  },
  width: {
    kind: 'int',
    default: 32,
    min: 2,
    max: 1024,
    doc: 'W: every image is resized to this width.',
  },
  channels: {
    kind: 'enum',
    default: '3',
    options: ['1', '3'],
    doc: 'C: 1 converts every image to grey (luma), 3 to RGB (grey images copied to three channels).',
  },
  normalize: imageDatasetParams.normalize,
  validation: {
    kind: 'float',
    default: 0.1,
    min: 0,
    max: 0.5,
    doc: 'Fraction of each class held out for validation (previews and evaluation), drawn with the seed. 0 holds none out: previews then show training images.',
  },
  seed: {
    kind: 'int',
    default: 1,
    min: 0,
    max: 2147483647,
    doc: 'Seed of the train/validation split (the same seed, the same split). Batches come from the run’s seeded generator.',
  },
} as const;

export interface ImageFolderParams {
  folder: string;
  height: number;
  width: number;
  channels: string;
  normalize: string;
  validation: number;
  seed: number;
}

export const channelsOf = (p: Pick<ImageFolderParams, 'channels'>): 1 | 3 =>
  p.channels === '1' ? 1 : 3;
