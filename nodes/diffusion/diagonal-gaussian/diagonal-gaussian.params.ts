// Params of diffusion/diagonal-gaussian.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const diagonalGaussianParams = {
  evalOutput: {
    kind: 'enum',
    label: 'z at eval',
    default: 'mean',
    options: ['mean', 'sample'],
    doc: 'What z is outside training (previews, reconstructions): the posterior mean, or a sample as in training. While training (also in a later stage that freezes the encoder) z is always a sample.',
  },
  logvarMin: {
    kind: 'float',
    default: -30,
    min: -100,
    max: 0,
    doc: 'Lower clamp of the log-variance (LDM clamps to [-30, 20]), so exp stays finite.',
  },
  logvarMax: {
    kind: 'float',
    default: 20,
    min: 0,
    max: 100,
    doc: 'Upper clamp of the log-variance.',
  },
} satisfies ParamSpecs;

export type DiagonalGaussianParams = ParamsOf<typeof diagonalGaussianParams>;
