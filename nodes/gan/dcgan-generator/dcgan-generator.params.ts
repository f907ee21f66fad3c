// Params of gan/dcgan-generator, shared by the definition and the layer.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const dcganGeneratorParams = {
  height: {
    kind: 'int',
    default: 28,
    min: 4,
    max: 256,
    doc: 'Output height; must be divisible by 4.',
  },
  width: {
    kind: 'int',
    default: 28,
    min: 4,
    max: 256,
    doc: 'Output width; must be divisible by 4.',
  },
  channels: { kind: 'int', default: 1, min: 1, max: 4, doc: 'Output channels (1 for MNIST).' },
  baseChannels: {
    kind: 'int',
    default: 64,
    min: 1,
    max: 512,
    doc: 'Feature maps of the last hidden layer; the first has twice as many.',
  },
  kernel: {
    kind: 'int',
    default: 4,
    min: 2,
    max: 7,
    doc: 'Kernel size of the transposed convolutions.',
  },
  batchNorm: {
    kind: 'bool',
    default: true,
    doc: 'Batch normalisation after the dense and first transposed layer (DCGAN).',
  },
  output: {
    kind: 'enum',
    default: 'sigmoid',
    options: ['sigmoid', 'tanh', 'linear'],
    doc: 'Output activation: sigmoid for data in [0, 1] (Tessera datasets), tanh for data in [-1, 1].',
  },
} satisfies ParamSpecs;

export type DcganGeneratorParams = ParamsOf<typeof dcganGeneratorParams>;
