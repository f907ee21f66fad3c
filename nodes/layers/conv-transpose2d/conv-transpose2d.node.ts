// ConvTranspose2D, NHWC: x [B, H, W, Cin] -> y [B, H', W', filters].
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { formatDim, tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { convTransposeOutDim, floatInput, initParam } from '../layer-shapes';
import { createConvTranspose2dLayer } from './conv-transpose2d.layer';

export const convTranspose2dNode = defineNode({
  id: 'layers/conv-transpose2d',
  version: 1,
  title: 'ConvTranspose2D',
  category: 'layers',
  role: 'layer',
  doc:
    'Transposed ("fractionally strided") convolution over NHWC images, the gradient of a Conv2D: every input pixel scatters a k x k x filters patch, ' +
    'weighted by a kernel [k, k, filters, Cin], into an output upsampled by the stride (padding same: H * stride; valid: (H - 1) * stride + kernel). ' +
    'The learned upsampling of DCGAN generators and conv decoders. The equivalent of PyTorch nn.ConvTranspose2d and Keras Conv2DTranspose (channels last).',
  paper: {
    citation: 'Dumoulin, Visin. A guide to convolution arithmetic for deep learning. 2016',
    url: 'https://arxiv.org/abs/1603.07285',
    equation: 'y[b, s*i + u - p, s*j + v - p, f] += x[b,i,j,c] * K[u,v,f,c]; y += bias[f]',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'Cin'],
      gradient: 'flows',
      doc: 'Feature maps, channels last; Cin must be known.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', "H'", "W'", 'filters'],
      doc: 'Upsampled feature maps.',
    },
  ],
  params: {
    filters: { kind: 'int', default: 32, min: 1, max: 8192, doc: 'Output channels.' },
    kernel: {
      kind: 'int',
      default: 4,
      min: 1,
      max: 31,
      doc: 'Kernel height and width (square); 4 with stride 2 avoids checkerboard gaps.',
    },
    stride: {
      kind: 'int',
      default: 2,
      min: 1,
      max: 16,
      doc: 'Upsampling factor; 2 doubles H and W.',
    },
    padding: {
      kind: 'enum',
      default: 'same',
      options: ['same', 'valid'],
      doc: "same: H' = H * stride; valid: H' = (H - 1) * stride + kernel.",
    },
    bias: { kind: 'bool', default: true, doc: 'Add a learned per-filter bias (starts at zero).' },
    init: initParam,
  },
  inferShapes(ctx) {
    const { filters, kernel: k, stride: s, padding } = ctx.params;
    const diagnostics: PortDiagnostic[] = [];
    const outputs: Record<string, ValueType> = {};
    const x = floatInput(ctx, 'x', diagnostics, 4, '[B, H, W, Cin]', 'ConvTranspose2D', true);
    if (!x) return { outputs, diagnostics };
    const [b, h, w, cin] = x.shape as [
      string | number,
      string | number,
      string | number,
      string | number,
    ];
    if (typeof cin !== 'number') {
      diagnostics.push({
        severity: 'error',
        port: 'x',
        message: `The channel axis of 'x' is '${formatDim(cin)}', but ConvTranspose2D needs a known Cin to size its kernel [${k}, ${k}, ${filters}, Cin]; feed an input with a fixed channel count.`,
      });
      return { outputs, diagnostics };
    }
    outputs['y'] = tensorType('float32', [
      b,
      convTransposeOutDim(h, k, s, padding),
      convTransposeOutDim(w, k, s, padding),
      filters,
    ]);
    return { outputs, diagnostics };
  },
  cost: ({ params, inputs, batchSize }) => {
    const { filters, kernel: k, bias } = params;
    const x = tensorShape(inputs['x'], "input 'x'");
    const cin = concreteDim(x, 3, batchSize, "input 'x'");
    // Every input pixel scatters a k x k x filters patch from its Cin channels.
    return {
      params: k * k * filters * cin + (bias ? filters : 0),
      macs: perExample(x, batchSize, "input 'x'") * k * k * filters, // H W Cin inputs
    };
  },
  build: (tf, params, ctx) => createConvTranspose2dLayer(tf, params, ctx),
  emit: {
    layerModule: 'layers/conv-transpose2d/conv-transpose2d.layer',
    factory: 'createConvTranspose2dLayer',
  },
});
