// Upsample: [B, H, W, C] -> [B, s*H, s*W, C], nearest or bilinear.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { mulDim, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createUpsampleLayer } from './upsample.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const upsampleNode = defineNode({
  id: 'resample/upsample',
  version: 1,
  title: 'Upsample',
  category: 'resample',
  role: 'layer',
  doc:
    'Enlarges an NHWC image by an integer factor in height and width, with no weights: nn.Upsample(' +
    "scale_factor=s, mode='nearest' | 'bilinear', align_corners=False) in PyTorch, " +
    "keras.layers.UpSampling2D(size=s, interpolation='nearest' | 'bilinear'). Nearest repeats each " +
    'pixel s x s times; bilinear samples the input at (o + 0.5)/s - 0.5 (pixel centres, edges clamped), ' +
    "exactly PyTorch's align_corners=False and TF's half_pixel_centers=True. Both are built from " +
    'reshape, broadcast and slices rather than tf.image.resizeBilinear, whose tfjs gradient ignores ' +
    'halfPixelCenters. Follow it with a convolution for a learned decoder upsampling step ' +
    '(resize-convolution, which avoids the checkerboard artefacts of transposed convolutions).',
  paper: {
    citation: 'Odena, Dumoulin, Olah. Deconvolution and Checkerboard Artifacts. Distill 2016',
    url: 'https://distill.pub/2016/deconv-checkerboard/',
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
      rank: 4,
      dims: ['B', 'H*s', 'W*s', 'C'],
      doc: 'The feature map, factor times larger in H and W.',
    },
  ],
  params: {
    factor: { kind: 'int', default: 2, min: 1, max: 16, doc: 'Scale factor s for H and W.' },
    mode: {
      kind: 'enum',
      default: 'nearest',
      options: ['nearest', 'bilinear'],
      doc: 'nearest repeats pixels; bilinear interpolates (PyTorch align_corners=False).',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics, { rank: 4, what: 'an NHWC feature map' });
    if (!x) return { outputs: {}, diagnostics };
    const s = ctx.params.factor;
    const [b, h, w, c] = x.shape as [
      string | number,
      string | number,
      string | number,
      string | number,
    ];
    return {
      outputs: { y: tensorType('float32', [b, mulDim(h, s), mulDim(w, s), c]) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createUpsampleLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'resample/upsample/upsample.layer', factory: 'createUpsampleLayer' },
});
