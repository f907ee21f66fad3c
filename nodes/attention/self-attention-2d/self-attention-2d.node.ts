// Spatial self-attention block with a residual: y = x + proj(softmax(q k^T / sqrt(c)) v), q k v from GroupNorm(x).
// b batch, h w spatial, c channels (NHWC); p = h*w positions
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim, tensorInput } from '../shape-helpers';
import { createSelfAttention2d } from './self-attention-2d.layer';

export const selfAttention2dNode = defineNode({
  id: 'attention/self-attention-2d',
  version: 1,
  title: 'Self-Attention 2D',
  category: 'attention',
  role: 'layer',
  doc:
    'Non-local self-attention over all spatial positions of a feature map, added back to the input (residual). ' +
    'VQGAN puts one at the bottleneck of its encoder and decoder so that every code sees the whole image. ' +
    'Cost grows with (H*W)^2, so use it at low resolution (7x7 for MNIST). Outputs the attention maps for previews.',
  paper: {
    citation:
      'Esser, Rombach, Ommer. Taming Transformers for High-Resolution Image Synthesis. CVPR 2021 (AttnBlock); Wang et al. Non-local Neural Networks, CVPR 2018',
    url: 'https://arxiv.org/abs/2012.09841',
    equation:
      'y = x + W_o softmax(Q K^T / sqrt(C)) V, with Q, K, V 1x1 convolutions of GroupNorm(x)',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'flows',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'H', 'W', 'C'] },
    {
      name: 'attention',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'P', 'P'],
      doc: 'Attention weights, P = H*W.',
    },
  ],
  params: {
    groups: {
      kind: 'int',
      default: 8,
      min: 1,
      max: 64,
      doc: 'GroupNorm groups; must divide the channel count.',
    },
  },
  inferShapes({ inputs, params }) {
    const { type, diagnostic } = tensorInput(inputs, 'x', 4, 'a B x H x W x C feature map');
    if (!type) return failed(diagnostic!);
    const [b = 'B', h = 'H', w = 'W', c] = type.shape;
    const channels = knownDim(c);
    if (channels === undefined)
      return failed({
        severity: 'error',
        port: 'x',
        message: "The channel count of x must be known; set the producer's channels.",
      });
    if (channels % params.groups !== 0)
      return failed({
        severity: 'error',
        port: 'x',
        message: `groups (${params.groups}) must divide the ${channels} channels of x; set groups to a divisor of ${channels}.`,
      });
    const hn = knownDim(h);
    const wn = knownDim(w);
    const p = hn !== undefined && wn !== undefined ? hn * wn : `${String(h)}*${String(w)}`;
    return {
      outputs: {
        y: tensorType('float32', [b, h, w, channels]),
        attention: tensorType('float32', [b, p, p]),
      },
      diagnostics:
        hn !== undefined && wn !== undefined && hn * wn > 1024
          ? [
              {
                severity: 'warning',
                port: 'x',
                message: `Attention over ${hn * wn} positions is slow; place it at a lower resolution.`,
              },
            ]
          : [],
    };
  },
  build: (tf, params, ctx) => createSelfAttention2d(tf, params, ctx),
  emit: {
    layerModule: 'attention/self-attention-2d/self-attention-2d.layer',
    factory: 'createSelfAttention2d',
  },
});
