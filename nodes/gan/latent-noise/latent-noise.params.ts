// Params of gan/latent-noise.
import type { ParamSpecs } from '../../../core/node-contract/param-spec';

export const latentNoiseParams = {
  dim: { kind: 'int', default: 64, min: 1, max: 4096, doc: 'Latent dimension Z.' },
  distribution: {
    kind: 'enum',
    default: 'normal',
    options: ['normal', 'uniform'],
    doc: 'N(0, I), or U(-1, 1) per coordinate (DCGAN).',
  },
} satisfies ParamSpecs;
