// autoregressive/fvsbn — fully visible sigmoid belief network over the pixels of an image.
// b batch, h w spatial, c channels (NHWC); d = h*w*c.
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferLogitsLikeInput } from '../shared/image-shape';
import { imageInputPort, logitsOutputPort } from '../shared/ports';
import { createFvsbnLayer } from './fvsbn.layer';
import { fvsbnParams } from './fvsbn.params';

export const fvsbnNode = defineNode({
  id: 'autoregressive/fvsbn',
  version: 1,
  title: 'FVSBN',
  category: 'autoregressive',
  role: 'layer',
  doc:
    'Fully visible sigmoid belief network: pixel i in raster order is a logistic regression on all pixels before it, ' +
    'through a strictly triangular d x d weight matrix. Outputs one Bernoulli logit per pixel; feed it with the images ' +
    'to Bernoulli NLL for the exact log-likelihood. The simplest autoregressive density model.',
  paper: {
    citation:
      'Frey, Graphical Models for Machine Learning and Digital Communication, 1998; Gan et al., Learning Deep Sigmoid Belief Networks with Data Augmentation, AISTATS 2015',
    equation: 'p(x_i = 1 | x_<i) = sigmoid(b_i + sum_{j<i} W_ji x_j)',
  },
  inputs: [imageInputPort],
  outputs: [logitsOutputPort],
  params: fvsbnParams,
  inferShapes: (ctx) => inferLogitsLikeInput(ctx, 'FVSBN'),
  build: (tf, params, ctx) => createFvsbnLayer(tf, params, ctx),
  emit: { layerModule: 'autoregressive/fvsbn/fvsbn.layer', factory: 'createFvsbnLayer' },
});
