// Params of diffusion/diffusion-loss: the schedule (for the SNR of each t), the target type and gamma.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { scheduleParams } from '../shared/schedule-params';

export const diffusionLossParams = {
  ...scheduleParams,
  prediction: {
    kind: 'enum',
    default: 'eps',
    options: ['eps', 'v', 'x0'],
    doc: 'What the model predicts (and the target holds); sets the weight that makes the loss min(SNR, gamma) times the x0 error.',
  },
  gamma: {
    kind: 'float',
    default: 5,
    min: 0.01,
    max: 1000,
    doc: 'The SNR clamp gamma (Hang et al. use 5).',
  },
  weight: { kind: 'float', default: 1, min: 0, max: 1000, doc: 'Multiplies the loss.' },
} satisfies ParamSpecs;

export type DiffusionLossParams = ParamsOf<typeof diffusionLossParams>;
