// GlobalAvgPool: [B, H, W, C] -> [B, C].
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createGlobalAvgPoolLayer } from './global-avg-pool.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const globalAvgPoolNode = defineNode({
  id: 'resample/global-avg-pool',
  version: 1,
  title: 'GlobalAvgPool',
  category: 'resample',
  role: 'layer',
  doc:
    'Averages an NHWC map over all of H and W, leaving one vector of C features per example: ' +
    'keras.layers.GlobalAveragePooling2D, or nn.AdaptiveAvgPool2d(1) followed by nn.Flatten() in ' +
    'PyTorch. The usual head of a classifier or critic after the last convolution (Lin et al. 2014).',
  paper: {
    citation: 'Lin, Chen, Yan. Network In Network. ICLR 2014 (sec. 3.2, global average pooling)',
    url: 'https://arxiv.org/abs/1312.4400',
    equation: 'y_{b,c} = 1/(HW) sum_{h,w} x_{b,h,w,c}',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'flows',
      doc: 'NHWC feature map.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', 'C'],
      doc: 'Per-channel means.',
    },
  ],
  params: {},
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics, { rank: 4, what: 'an NHWC feature map' });
    if (!x) return { outputs: {}, diagnostics };
    return {
      outputs: { y: tensorType('float32', [x.shape[0] ?? 'B', x.shape[3] ?? 'C']) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createGlobalAvgPoolLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: {
    layerModule: 'resample/global-avg-pool/global-avg-pool.layer',
    factory: 'createGlobalAvgPoolLayer',
  },
});
