// ... any shape -> the shape without the reduced axes (or with them as 1).
import { reduceNode } from '../shared/reduce-node';
import { createSumLayer } from './sum.layer';

export const sumNode = reduceNode({
  id: 'math/sum',
  title: 'Sum',
  doc: 'Sum over the chosen axes (torch.sum(x, dim, keepdim), tf.reduce_sum / keras.ops.sum). With axes empty it sums every element to a scalar; keepDims leaves the reduced axes as 1 so the result broadcasts back against x (normalising: x divided by its Sum with keepDims).',
  build: createSumLayer,
  factory: 'createSumLayer',
});
