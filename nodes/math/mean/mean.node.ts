// ... any shape -> the shape without the reduced axes (or with them as 1).
import { reduceNode } from '../shared/reduce-node';
import { createMeanLayer } from './mean.layer';

export const meanNode = reduceNode({
  id: 'math/mean',
  title: 'Mean',
  doc: 'Average over the chosen axes (torch.mean(x, dim, keepdim), tf.reduce_mean / keras.ops.mean). Global average pooling of B x H x W x C is axes [1, 2]; with axes empty it gives the scalar mean, e.g. to turn a per-element loss into one number. keepDims leaves the reduced axes as 1 so the result broadcasts back against x (centering: x minus Mean with keepDims).',
  build: createMeanLayer,
  factory: 'createMeanLayer',
});
