// Params of diffusion/diffusion-step: the schedule, and what the denoiser is trained to predict.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { scheduleParams } from '../shared/schedule-params';

export const diffusionStepParams = {
  ...scheduleParams,
  prediction: {
    kind: 'enum',
    default: 'eps',
    options: ['eps', 'v'],
    doc: "What 'target' holds: the noise eps (Ho et al. 2020), or v = sqrt(abar_t) eps - sqrt(1 - abar_t) x0 (Salimans & Ho 2022).",
  },
} satisfies ParamSpecs;

export type DiffusionStepParams = ParamsOf<typeof diffusionStepParams>;
