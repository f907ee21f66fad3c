// MNIST handwritten digits: B x 28 x 28 x 1 images and their labels.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { createImageDatasetLayer, type ImageDatasetParams } from '../image-dataset.layer';

export const createMnistLayer = (
  tf: TF,
  params: ImageDatasetParams,
  ctx: BuildContext,
): Promise<NodeLayer> => createImageDatasetLayer(tf, 'mnist', params, ctx);
