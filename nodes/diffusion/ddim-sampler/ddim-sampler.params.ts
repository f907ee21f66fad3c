// Params of diffusion/ddim-sampler: the shared sampler params plus the sub-sequence length S and eta.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { samplerParams } from '../shared/sampler-params';

export const ddimSamplerParams = {
  ...samplerParams,
  samplingSteps: {
    kind: 'int',
    label: 'steps S',
    default: 50,
    min: 1,
    max: 4000,
    doc: 'Denoising steps S, evenly spaced over 0..T-1 (at most T).',
  },
  eta: {
    kind: 'float',
    default: 0,
    min: 0,
    max: 1,
    doc: 'Noise of each step: 0 is deterministic DDIM, 1 has the DDPM posterior variance.',
  },
} satisfies ParamSpecs;

export type DdimSamplerParams = ParamsOf<typeof ddimSamplerParams>;
