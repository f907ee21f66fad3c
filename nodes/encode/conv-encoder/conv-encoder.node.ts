// b batch, h w spatial, c channels (NHWC); n = widths.length stages, each halving h and w;
// d = outChannels (the code dim of a following quantizer).
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { divDim, tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createConvEncoderLayer } from './conv-encoder.layer';

export const convEncoderNode = defineNode({
  id: 'encode/conv-encoder',
  version: 1,
  title: 'Conv encoder',
  category: 'encode',
  role: 'layer',
  doc: 'Downsampling convolutional encoder: one 4x4 stride-2 conv per entry of widths (each halves height and width), each followed by residual blocks, then a 1x1 conv to outChannels. The VQ-VAE encoder: 28x28 images with widths [32, 64] give a 7x7 grid of outChannels-dim vectors.',
  paper: {
    citation:
      'van den Oord, Vinyals, Kavukcuoglu, Neural Discrete Representation Learning (NeurIPS 2017), sec. 4.1',
    url: 'https://arxiv.org/abs/1711.00937',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      doc: 'Images or feature maps, NHWC.',
    },
  ],
  outputs: [
    {
      name: 'z',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H/s', 'W/s', 'D'],
      doc: 'Encoded map, s = 2^(number of widths).',
    },
  ],
  params: {
    widths: {
      kind: 'intList',
      default: [32, 64],
      min: 1,
      max: 1024,
      minLength: 1,
      maxLength: 5,
      doc: 'Channels of each downsampling stage; each stage halves height and width.',
    },
    resBlocks: {
      kind: 'int',
      default: 1,
      min: 0,
      max: 8,
      doc: 'Residual blocks after each downsampling conv.',
    },
    outChannels: {
      kind: 'int',
      default: 16,
      min: 1,
      max: 1024,
      doc: 'Channels of the output (the code dim D of a vector quantizer).',
    },
  },
  inferShapes: (ctx) => {
    const diagnostics: PortDiagnostic[] = [];
    const outputs: Record<string, ValueType> = {};
    const x = tensorInput(ctx, 'x', diagnostics, { rank: 4, what: 'B x H x W x C images' });
    if (!x) return { outputs, diagnostics };
    const [b, h, w, c] = x.shape as [
      string | number,
      string | number,
      string | number,
      string | number,
    ];
    const s = 2 ** ctx.params.widths.length;
    for (const [dim, name] of [
      [h, 'height'],
      [w, 'width'],
    ] as const)
      if (typeof dim === 'number' && dim % s !== 0)
        diagnostics.push({
          severity: 'error',
          port: 'x',
          message: `Input ${name} ${dim} is not divisible by ${s} (2^${ctx.params.widths.length} stages); use fewer widths or an input whose ${name} is a multiple of ${s}.`,
        });
    if (typeof c !== 'number')
      diagnostics.push({
        severity: 'error',
        port: 'x',
        message:
          'The input channel count must be known; connect a dataset or a layer with fixed channels.',
      });
    outputs.z = tensorType('float32', [b, divDim(h, s), divDim(w, s), ctx.params.outChannels]);
    return { outputs, diagnostics };
  },
  build: (tf, params, ctx) => createConvEncoderLayer(tf, params, ctx),
  emit: {
    layerModule: 'encode/conv-encoder/conv-encoder.layer',
    factory: 'createConvEncoderLayer',
  },
});
