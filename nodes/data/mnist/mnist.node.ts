// b batch, 28 x 28 pixels, 1 channel; labels 0-9.
import { defineNode } from '../../../core/node-contract/node-definition';
import { imageDatasetOutputs, imageDatasetParams, inferImageDataset } from '../image-dataset-spec';
import { createMnistLayer } from './mnist.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const mnistNode = defineNode({
  id: 'data/mnist',
  version: 1,
  title: 'MNIST',
  category: 'data',
  role: 'dataset',
  doc: 'Handwritten digits, 28x28 grey, 10 classes. Batches are drawn at random (seeded) from the training split while training and from the test split for previews.',
  paper: {
    citation:
      'LeCun, Bottou, Bengio, Haffner, Gradient-Based Learning Applied to Document Recognition (1998)',
    url: 'http://yann.lecun.com/exdb/mnist/',
  },
  inputs: [],
  outputs: imageDatasetOutputs,
  params: imageDatasetParams,
  inferShapes: (ctx) => inferImageDataset(ctx, 'mnist', 'MNIST'),
  build: (tf, params, ctx) => createMnistLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'data/mnist/mnist.layer', factory: 'createMnistLayer' },
});
