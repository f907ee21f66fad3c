// Params of gan/dcgan-discriminator, shared by the definition and the layer.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { ACTIVATIONS } from '../shared/gan-ops';

export const dcganDiscriminatorParams = {
  baseChannels: {
    kind: 'int',
    default: 64,
    min: 1,
    max: 512,
    doc: 'Feature maps of the first convolution; the second has twice as many.',
  },
  kernel: {
    kind: 'int',
    default: 4,
    min: 2,
    max: 7,
    doc: 'Kernel size of the stride-2 convolutions.',
  },
  activation: {
    kind: 'enum',
    default: 'leaky-relu',
    options: ACTIVATIONS,
    doc:
      'Hidden activation. All three have correct second derivatives in tfjs (leaky ReLU is built from relu), ' +
      'so any of them works under a gradient penalty.',
  },
  leak: { kind: 'float', default: 0.2, min: 0, max: 1, doc: 'Negative slope of leaky-relu.' },
  init: {
    kind: 'enum',
    default: 'dcgan-normal',
    options: ['dcgan-normal', 'glorot'],
    doc: 'Weight initialiser: N(0, 0.02) as in DCGAN, or Glorot-uniform.',
  },
  batchNorm: {
    kind: 'bool',
    default: false,
    doc:
      'Batch normalisation after the second convolution, with each call’s own batch statistics (DCGAN and the ' +
      'WGAN paper use it; it keeps the discriminator from overpowering the generator). Leave it off under a ' +
      'gradient penalty, which is defined per sample.',
  },
  outputSigmoid: {
    kind: 'bool',
    default: false,
    doc: 'Apply a sigmoid to the output (a probability). Leave off for GAN losses (they take logits) and for WGAN critics.',
  },
} satisfies ParamSpecs;

export type DcganDiscriminatorParams = ParamsOf<typeof dcganDiscriminatorParams>;
