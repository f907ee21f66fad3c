// diffusion/ddim-sampler: DDIM sampling over S of the T steps from a denoiser handle.
// n samples, h w spatial, c channels (NHWC); k strip frames.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { inferSampler, samplerInputs, samplerOutputs } from '../shared/sampler-shapes';
import { ddimSamplerParams } from './ddim-sampler.params';
import { createDdimSamplerLayer } from './ddim-sampler.layer';
import { scheduleAgreement } from '../shared/schedule-params';

export const ddimSamplerNode = defineNode({
  id: 'diffusion/ddim-sampler',
  version: 1,
  title: 'DDIM Sampler',
  category: 'diffusion',
  role: 'sampler',
  doc:
    'Draws N samples from a diffusion denoiser passed in as a model handle in S steps (50 by default) instead ' +
    'of T, with the same trained model as DDPM: at each of S timesteps evenly spaced over 0..T-1 it calls the ' +
    'model on x [N,H,W,C] and t (int32 [N], step indices 0..T-1), predicts x0 and moves to the previous ' +
    'timestep by Song et al. eq. 12. eta = 0 is deterministic given the initial noise (fixed by seed), so ' +
    'previews at different training steps are comparable; eta = 1 adds DDPM-like noise. With a condition ' +
    'connected it applies classifier-free guidance eps = eps_u + w (eps_c - eps_u): w = 1 is the conditional ' +
    'model alone, w = 0 the unconditional one (nullCondition, or zeros), w > 1 guides harder at two model calls ' +
    "per step. Outputs the samples and a 'denoising strip' of the first sample; runs without gradients. The " +
    "diffusers equivalent is DDIMScheduler (timestep_spacing='linspace', set_alpha_to_one=True) with " +
    'DDIMPipeline(eta=...).',
  paper: {
    citation:
      'Song, Meng, Ermon. Denoising Diffusion Implicit Models. ICLR 2021 (eq. 12, 16); Ho & Salimans. ' +
      'Classifier-Free Diffusion Guidance. 2022 (eq. 6)',
    url: 'https://arxiv.org/abs/2010.02502',
    equation:
      'x_prev = sqrt(abar_prev) x0_hat + sqrt(1 - abar_prev - sigma^2) eps + sigma z, ' +
      'sigma = eta sqrt((1 - abar_prev)/(1 - abar_t)) sqrt(1 - abar_t/abar_prev)',
  },
  inputs: samplerInputs,
  outputs: samplerOutputs,
  params: ddimSamplerParams,
  agreeingParams: scheduleAgreement('follows'),
  inferShapes: (ctx): ShapeResult => {
    const p = ctx.params;
    const extra: PortDiagnostic[] = [];
    if (!Number.isInteger(p.samplingSteps) || p.samplingSteps < 1)
      extra.push({
        severity: 'error',
        message: `steps S is ${p.samplingSteps}; set it to a whole number of at least 1 (50 is usual).`,
      });
    else if (p.samplingSteps > p.steps)
      extra.push({
        severity: 'error',
        message: `steps S (${p.samplingSteps}) is more than the schedule's T (${p.steps}); set S to at most T.`,
      });
    return inferSampler(ctx, Math.min(p.samplingSteps, p.steps), extra);
  },
  build: (tf, params, ctx) => createDdimSamplerLayer(tf, params, ctx),
  emit: {
    layerModule: 'diffusion/ddim-sampler/ddim-sampler.layer',
    factory: 'createDdimSamplerLayer',
  },
});
