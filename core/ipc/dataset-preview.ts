// What the inspector shows of a dataset node (datasets:preview): a few samples with their labels
// for an image dataset, the first characters for a text. Shared by the engine, both shells and
// the renderer; types only.
import type { Diagnostic } from '../diagnostics/diagnostic';

export interface DatasetPreviewRequest {
  /** The node's type id ('data/mnist', 'data/image-folder', 'data/text-file', ...). */
  type: string;
  /** Its params as the document holds them (defaults fill what is missing). */
  params: Record<string, unknown>;
  /** The node id, named in messages. */
  nodeId?: string;
}

export interface DatasetSample {
  /** The class index. */
  label: number;
  /** The class name (a digit, a garment, the sub-folder's name). */
  className: string;
  /** PNG file bytes, base64: the image as the model sees it, at its own size. */
  pngBase64: string;
}

export interface ImageDatasetPreview {
  kind: 'images';
  height: number;
  width: number;
  channels: number;
  classNames: string[];
  /** Images in the training and the held-out split. */
  trainCount: number;
  validationCount: number;
  /** A few images of each class, classes taken in turn. */
  samples: DatasetSample[];
  /** What the loader noticed: skipped files, resized sizes, converted channels. */
  notes: string[];
}

export interface TextDatasetPreview {
  kind: 'text';
  tokens: 'characters' | 'bytes';
  vocabSize: number;
  /** The first characters of the training part. */
  excerpt: string;
  trainTokens: number;
  validationTokens: number;
}

export type DatasetPreview = ImageDatasetPreview | TextDatasetPreview;

export interface DatasetPreviewResult {
  preview?: DatasetPreview;
  diagnostics: Diagnostic[];
}

/** A dataset path to choose in a dialog (datasets:choose): an image folder or a text file. */
export interface DatasetChoiceRequest {
  kind: 'folder' | 'file';
  /** Electron: where the dialog starts. Web shell: the path the user typed and confirmed. */
  path?: string;
}
