// The noise-schedule params, shared by every diffusion node that needs the tables.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const scheduleParams = {
  schedule: {
    kind: 'enum',
    default: 'linear',
    options: ['linear', 'cosine'],
    doc: 'linear: betas evenly from betaStart to betaEnd (Ho et al. 2020). cosine: alphaBar(t) = f(t)/f(0), f(t) = cos(((t/T)+s)/(1+s) * pi/2)^2, betas clipped at 0.999 (Nichol & Dhariwal 2021).',
  },
  steps: {
    kind: 'int',
    label: 'steps T',
    default: 1000,
    min: 1,
    max: 4000,
    doc: 'Number of diffusion steps T; timesteps are 0..T-1.',
  },
  betaStart: {
    kind: 'float',
    default: 1e-4,
    min: 1e-8,
    max: 0.5,
    log: true,
    doc: 'First beta of the linear schedule.',
  },
  betaEnd: {
    kind: 'float',
    default: 0.02,
    min: 1e-6,
    max: 0.999,
    log: true,
    doc: 'Last beta of the linear schedule.',
  },
  cosineS: {
    kind: 'float',
    label: 'cosine offset s',
    default: 0.008,
    min: 0,
    max: 1,
    doc: 'Offset s of the cosine schedule, so that beta near t = 0 is not too small.',
  },
} satisfies ParamSpecs;

export type ScheduleParams = ParamsOf<typeof scheduleParams>;

/**
 * The noise schedule a project's diffusion nodes share (NodeDefinition.agreeingParams): the
 * Diffusion Step defines it; the loss and the samplers follow it and get an error when they differ.
 */
export const scheduleAgreement = (role: 'defines' | 'follows') => ({
  group: 'noise-schedule',
  what: 'noise schedule',
  otherwise: 'the model is run on timesteps and noise levels it was not trained with',
  // cosineS matters only under the cosine schedule, the betas only under the linear one.
  params: (reference: (key: string) => unknown): readonly string[] =>
    Object.keys(scheduleParams).filter((k) =>
      reference('schedule') === 'cosine' ? k !== 'betaStart' && k !== 'betaEnd' : k !== 'cosineS',
    ),
  follows: role === 'follows',
});
