// autoregressive/nade — NADE over the pixels of an image (Larochelle & Murray 2011).
// b batch, h w spatial, c channels (NHWC); d = h*w*c; k hidden units.
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferLogitsLikeInput } from '../shared/image-shape';
import { imageInputPort, logitsOutputPort } from '../shared/ports';
import { createNadeLayer } from './nade.layer';
import { nadeParams } from './nade.params';

export const nadeNode = defineNode({
  id: 'autoregressive/nade',
  version: 1,
  title: 'NADE',
  category: 'autoregressive',
  role: 'layer',
  doc:
    'Neural autoregressive distribution estimator: every conditional p(x_i | x_<i) is a one-hidden-layer network, ' +
    'and all of them share the input weights, so the hidden pre-activations are a running sum over the pixels seen ' +
    'so far (O(d k) for all d conditionals). Raster order. Outputs one Bernoulli logit per pixel; feed it to Bernoulli NLL.',
  paper: {
    citation: 'Larochelle & Murray, The Neural Autoregressive Distribution Estimator, AISTATS 2011',
    url: 'https://proceedings.mlr.press/v15/larochelle11a.html',
    equation:
      'h_i = sigmoid(c + W_{:,<i} x_<i); p(x_i = 1 | x_<i) = sigmoid(b_i + V_i h_i)  (eqs. 2-3)',
  },
  inputs: [imageInputPort],
  outputs: [logitsOutputPort],
  params: nadeParams,
  inferShapes: (ctx) => inferLogitsLikeInput(ctx, 'NADE'),
  build: (tf, params, ctx) => createNadeLayer(tf, params, ctx),
  emit: { layerModule: 'autoregressive/nade/nade.layer', factory: 'createNadeLayer' },
});
