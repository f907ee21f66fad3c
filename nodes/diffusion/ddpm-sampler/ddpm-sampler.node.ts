// diffusion/ddpm-sampler: ancestral sampling over all T steps from a denoiser handle.
// n samples, h w spatial, c channels (NHWC); k strip frames.
import { defineNode, type ShapeResult } from '../../../core/node-contract/node-definition';
import { inferSampler, samplerInputs, samplerOutputs } from '../shared/sampler-shapes';
import { ddpmSamplerParams } from './ddpm-sampler.params';
import { createDdpmSamplerLayer } from './ddpm-sampler.layer';
import { scheduleAgreement } from '../shared/schedule-params';

export const ddpmSamplerNode = defineNode({
  id: 'diffusion/ddpm-sampler',
  version: 1,
  title: 'DDPM Sampler',
  category: 'diffusion',
  role: 'sampler',
  doc:
    'Draws N samples from a diffusion denoiser passed in as a model handle by ancestral sampling over all T steps: ' +
    'starting from x_T ~ N(0, I) (fixed by seed, so previews are comparable), each step calls the model on ' +
    'x [N,H,W,C] and t (int32 [N], step indices 0..T-1, the same values Diffusion Step feeds in training) and ' +
    'takes x_{t-1} = 1/sqrt(alpha_t) (x_t - beta_t / sqrt(1 - abar_t) eps) + sqrt(beta_t) z. With a condition ' +
    'connected it applies classifier-free guidance eps = eps_u + w (eps_c - eps_u): w = 1 is the conditional ' +
    'model alone, w = 0 the unconditional one (nullCondition, or zeros), w > 1 guides harder at two model calls ' +
    "per step. Outputs the samples and a 'denoising strip' of the first sample. Costs T model calls (1000 by " +
    'default; use DDIM Sampler for fast previews); runs without gradients. The diffusers equivalent is ' +
    "DDPMPipeline with DDPMScheduler(variance_type='fixed_large'), whose step uses sigma_t^2 = beta_t.",
  paper: {
    citation:
      'Ho, Jain, Abbeel. Denoising Diffusion Probabilistic Models. NeurIPS 2020 (Algorithm 2); Ho & Salimans. ' +
      'Classifier-Free Diffusion Guidance. 2022 (eq. 6)',
    url: 'https://arxiv.org/abs/2006.11239',
    equation:
      'x_{t-1} = 1/sqrt(alpha_t) (x_t - beta_t/sqrt(1 - abar_t) eps(x_t, t)) + sigma_t z, sigma_t^2 = beta_t',
  },
  inputs: samplerInputs,
  outputs: samplerOutputs,
  params: ddpmSamplerParams,
  agreeingParams: scheduleAgreement('follows'),
  inferShapes: (ctx): ShapeResult => inferSampler(ctx, ctx.params.steps),
  build: (tf, params, ctx) => createDdpmSamplerLayer(tf, params, ctx),
  emit: {
    layerModule: 'diffusion/ddpm-sampler/ddpm-sampler.layer',
    factory: 'createDdpmSamplerLayer',
  },
});
