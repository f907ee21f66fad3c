// Params of autoregressive/made.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const madeParams = {
  hidden: {
    kind: 'intList',
    default: [500],
    min: 1,
    max: 8192,
    minLength: 1,
    maxLength: 8,
    doc: 'Sizes of the masked hidden layers (the paper: one layer of 500 on binarized MNIST).',
  },
  order: {
    kind: 'enum',
    default: 'natural',
    options: ['natural', 'random'],
    doc: 'Input ordering: natural (raster) or a random permutation drawn from maskSeed.',
  },
  maskSeed: {
    kind: 'int',
    default: 1,
    min: 0,
    max: 2147483647,
    doc: "Seed of the random ordering and of the hidden units' degrees.",
  },
  directConnection: {
    kind: 'bool',
    default: false,
    doc: 'Add a masked direct input-to-output layer (an FVSBN inside MADE), as in section 4 of the paper.',
  },
} satisfies ParamSpecs;

export type MadeParams = ParamsOf<typeof madeParams>;
