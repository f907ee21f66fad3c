// Params of diffusion/ddpm-sampler: the shared sampler params (the schedule among them).
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { samplerParams } from '../shared/sampler-params';

export const ddpmSamplerParams = { ...samplerParams } satisfies ParamSpecs;

export type DdpmSamplerParams = ParamsOf<typeof ddpmSamplerParams>;
