// b batch, h w spatial, c channels (NHWC); n = widths.length stages, each doubling h and w;
// outChannels = image channels (1 for MNIST).
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { mulDim, tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createConvDecoderLayer } from './conv-decoder.layer';

export const convDecoderNode = defineNode({
  id: 'decode/conv-decoder',
  version: 1,
  title: 'Conv decoder',
  category: 'decode',
  role: 'layer',
  doc: 'Upsampling convolutional decoder, the mirror of the conv encoder: a 3x3 conv and residual blocks, then one 4x4 stride-2 transposed conv per entry of widths (each doubles height and width), then a 3x3 conv to outChannels. Output activation sigmoid for images in [0, 1], tanh for [-1, 1], none for logits (BCE).',
  paper: {
    citation:
      'van den Oord, Vinyals, Kavukcuoglu, Neural Discrete Representation Learning (NeurIPS 2017), sec. 4.1',
    url: 'https://arxiv.org/abs/1711.00937',
  },
  inputs: [
    {
      name: 'z',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'D'],
      doc: 'A latent map (e.g. quantized codes), NHWC.',
    },
  ],
  outputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H*s', 'W*s', 'C'],
      doc: 'Decoded images, s = 2^(number of widths).',
    },
  ],
  params: {
    widths: {
      kind: 'intList',
      default: [64, 32],
      min: 1,
      max: 1024,
      minLength: 1,
      maxLength: 5,
      doc: 'Channels of each upsampling stage; each stage doubles height and width.',
    },
    resBlocks: {
      kind: 'int',
      default: 1,
      min: 0,
      max: 8,
      doc: 'Residual blocks before upsampling.',
    },
    outChannels: {
      kind: 'int',
      default: 1,
      min: 1,
      max: 64,
      doc: 'Channels of the output images (1 grey, 3 RGB).',
    },
    outActivation: {
      kind: 'enum',
      default: 'none',
      options: ['none', 'sigmoid', 'tanh'],
      doc: 'none: linear output (robust with MSE, and logits for BCE); sigmoid: [0, 1]; tanh: [-1, 1]. A saturating output under MSE + Adam can die early (outputs stuck at 0 or 1), so prefer none.',
    },
  },
  inferShapes: (ctx) => {
    const diagnostics: PortDiagnostic[] = [];
    const outputs: Record<string, ValueType> = {};
    const z = tensorInput(ctx, 'z', diagnostics, { rank: 4, what: 'a B x H x W x D latent map' });
    if (!z) return { outputs, diagnostics };
    const [b, h, w, c] = z.shape as [
      string | number,
      string | number,
      string | number,
      string | number,
    ];
    if (typeof c !== 'number')
      diagnostics.push({
        severity: 'error',
        port: 'z',
        message:
          'The latent channel count must be known; connect an encoder or quantizer with fixed channels.',
      });
    const s = 2 ** ctx.params.widths.length;
    outputs.x = tensorType('float32', [b, mulDim(h, s), mulDim(w, s), ctx.params.outChannels]);
    return { outputs, diagnostics };
  },
  build: (tf, params, ctx) => createConvDecoderLayer(tf, params, ctx),
  emit: {
    layerModule: 'decode/conv-decoder/conv-decoder.layer',
    factory: 'createConvDecoderLayer',
  },
});
