// AvgPool: mean over k x k windows of [B, H, W, C].
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferPool, poolInputs, poolOutputs, poolParamSpecs } from '../shared/pool-shape';
import { createAvgPoolLayer } from './avg-pool.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const avgPoolNode = defineNode({
  id: 'resample/avg-pool',
  version: 1,
  title: 'AvgPool',
  category: 'resample',
  role: 'layer',
  doc:
    'Averages each k x k window of an NHWC map, moving by the stride (0 = the window size, so 2 x 2 ' +
    'windows halve H and W): nn.AvgPool2d(k, stride) in PyTorch, keras.layers.AveragePooling2D(k, ' +
    "strides, padding). With padding 'same' the windows at the border average only the pixels inside " +
    "the image (like Keras / TF, i.e. PyTorch's count_include_pad=False). No weights.",
  inputs: poolInputs,
  outputs: poolOutputs('Window means.'),
  params: poolParamSpecs,
  inferShapes: (ctx) => inferPool(ctx),
  build: (tf, params, ctx) => createAvgPoolLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'resample/avg-pool/avg-pool.layer', factory: 'createAvgPoolLayer' },
});
