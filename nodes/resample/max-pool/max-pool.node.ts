// MaxPool: maximum over k x k windows of [B, H, W, C].
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferPool, poolInputs, poolOutputs, poolParamSpecs } from '../shared/pool-shape';
import { createMaxPoolLayer } from './max-pool.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const maxPoolNode = defineNode({
  id: 'resample/max-pool',
  version: 1,
  title: 'MaxPool',
  category: 'resample',
  role: 'layer',
  doc:
    'Takes the maximum of each k x k window of an NHWC map, moving by the stride (0 = the window ' +
    'size): nn.MaxPool2d(k, stride) in PyTorch, keras.layers.MaxPooling2D(k, strides, padding). ' +
    'The gradient goes to the largest value of each window only. No weights.',
  inputs: poolInputs,
  outputs: poolOutputs('Window maxima.'),
  params: poolParamSpecs,
  inferShapes: (ctx) => inferPool(ctx),
  build: (tf, params, ctx) => createMaxPoolLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'resample/max-pool/max-pool.layer', factory: 'createMaxPoolLayer' },
});
