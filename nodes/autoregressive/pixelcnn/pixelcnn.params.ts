// Params of autoregressive/pixelcnn.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const pixelcnnParams = {
  features: {
    kind: 'int',
    default: 32,
    min: 2,
    max: 512,
    doc: 'Channels 2h of the residual stream (the paper used 2h = 256 on CIFAR).',
  },
  blocks: {
    kind: 'int',
    default: 4,
    min: 0,
    max: 32,
    doc: 'Residual blocks: 1x1 (2h->h), 3x3 mask-B conv (h->h), 1x1 (h->2h).',
  },
  firstKernel: {
    kind: 'int',
    default: 7,
    min: 3,
    max: 11,
    doc: 'Size of the first, mask-A convolution (odd).',
  },
  outputFeatures: {
    kind: 'int',
    default: 32,
    min: 1,
    max: 1024,
    doc: 'Channels of the 1x1 convolution before the logits.',
  },
} satisfies ParamSpecs;

export type PixelcnnParams = ParamsOf<typeof pixelcnnParams>;
