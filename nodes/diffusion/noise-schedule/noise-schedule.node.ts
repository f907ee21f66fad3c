// diffusion/noise-schedule: the beta, alpha and alphaBar tables of a DDPM noise schedule. T steps.
import { defineNode, type ShapeResult } from '../../../core/node-contract/node-definition';
import type { PortSpec } from '../../../core/node-contract/port-spec';
import { tensorType } from '../../../core/shapes/tensor-type';
import { scheduleDiagnostics } from '../shared/schedule-diagnostics';
import { scheduleParams } from '../shared/schedule-params';
import { createNoiseScheduleLayer } from './noise-schedule.layer';

const table = (name: string, doc: string): PortSpec => ({
  name,
  kind: 'tensor',
  dtype: 'float32',
  rank: 1,
  dims: ['T'],
  gradient: 'none',
  doc,
});

export const noiseScheduleNode = defineNode({
  id: 'diffusion/noise-schedule',
  version: 1,
  title: 'Noise Schedule',
  category: 'diffusion',
  role: 'layer',
  doc:
    'The variance schedule of a diffusion model as constant tables over the T steps (index t = 0..T-1 is the ' +
    "paper's step t+1): betas, alphas = 1 - betas and alphaBar_t = prod_{s<=t} alphas_s. linear spaces beta " +
    'evenly from betaStart to betaEnd (Ho et al. 2020); cosine sets alphaBar(t) = f(t)/f(0) with ' +
    'f(t) = cos(((t/T)+s)/(1+s) * pi/2)^2 and clips beta at 0.999 (Nichol & Dhariwal 2021). No weights, no ' +
    "gradient. The diffusers equivalent is DDPMScheduler(beta_schedule='linear' | 'squaredcos_cap_v2').betas / " +
    '.alphas / .alphas_cumprod. Diffusion Step, the samplers and Diffusion Loss take the same params and compute ' +
    'the same tables themselves, so this node is only needed to look at or reuse the tables.',
  paper: {
    citation:
      'Ho, Jain, Abbeel. Denoising Diffusion Probabilistic Models. NeurIPS 2020 (sec. 4); Nichol & Dhariwal. ' +
      'Improved Denoising Diffusion Probabilistic Models. ICML 2021 (eq. 17)',
    url: 'https://arxiv.org/abs/2102.09672',
    equation:
      'alphaBar_t = prod_{s<=t} (1 - beta_s); cosine: alphaBar(t) = f(t)/f(0), f(t) = cos(((t/T)+s)/(1+s) * pi/2)^2',
  },
  inputs: [],
  outputs: [
    table('betas', 'beta_t, the noise variance added at step t.'),
    table('alphas', 'alpha_t = 1 - beta_t.'),
    table('alphaBar', 'alphaBar_t = prod_{s<=t} alpha_s: the signal kept after t steps.'),
  ],
  params: scheduleParams,
  inferShapes: ({ params }): ShapeResult => {
    const diagnostics = scheduleDiagnostics(params);
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    const t = tensorType('float32', [params.steps]);
    return { outputs: { betas: t, alphas: t, alphaBar: t }, diagnostics };
  },
  build: (tf, params) => createNoiseScheduleLayer(tf, params),
  emit: {
    layerModule: 'diffusion/noise-schedule/noise-schedule.layer',
    factory: 'createNoiseScheduleLayer',
  },
});
