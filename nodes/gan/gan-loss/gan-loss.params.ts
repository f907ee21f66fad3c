// Params of gan/gan-loss.
import type { ParamSpecs } from '../../../core/node-contract/param-spec';

export const ganLossParams = {
  mode: {
    kind: 'enum',
    default: 'non-saturating',
    options: ['non-saturating', 'hinge'],
    doc: 'non-saturating: cross-entropy with -log D(G(z)) for the generator (DCGAN). hinge: as in SN-GAN and VQGAN.',
  },
  generatorWeight: {
    kind: 'float',
    default: 1,
    min: 0,
    max: 100,
    doc: 'Factor on the generator loss (VQGAN scales it by its adaptive weight elsewhere).',
  },
} satisfies ParamSpecs;
