// b batch, 28 x 28 pixels, 1 channel; labels 0-9 (T-shirt ... ankle boot).
import { defineNode } from '../../../core/node-contract/node-definition';
import { imageDatasetOutputs, imageDatasetParams, inferImageDataset } from '../image-dataset-spec';
import { createFashionMnistLayer } from './fashion-mnist.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const fashionMnistNode = defineNode({
  id: 'data/fashion-mnist',
  version: 1,
  title: 'Fashion-MNIST',
  category: 'data',
  role: 'dataset',
  doc: 'Zalando clothing images, 28x28 grey, 10 classes; a harder drop-in for MNIST. Read from the IDX files of /usr/share/datasets/fashion-mnist (apt-get install dataset-fashion-mnist) or a folder you choose.',
  paper: {
    citation:
      'Xiao, Rasul, Vollgraf, Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms (2017)',
    url: 'https://arxiv.org/abs/1708.07747',
  },
  inputs: [],
  outputs: imageDatasetOutputs,
  params: imageDatasetParams,
  inferShapes: (ctx) => inferImageDataset(ctx, 'fashion-mnist', 'Fashion-MNIST'),
  build: (tf, params, ctx) => createFashionMnistLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: {
    layerModule: 'data/fashion-mnist/fashion-mnist.layer',
    factory: 'createFashionMnistLayer',
  },
});
