// diffusion/diffusion-step: q_sample, the forward noising of a batch at random timesteps.
// b batch, ... any further dims (B x H x W x C images or latents).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { scheduleDiagnostics } from '../shared/schedule-diagnostics';
import { diffusionStepParams } from './diffusion-step.params';
import { createDiffusionStepLayer } from './diffusion-step.layer';
import { scheduleAgreement } from '../shared/schedule-params';

export const diffusionStepNode = defineNode({
  id: 'diffusion/diffusion-step',
  version: 1,
  title: 'Diffusion Step (q_sample)',
  category: 'diffusion',
  role: 'layer',
  doc:
    'The training input of a diffusion model: for each example draws a timestep t uniformly from 0..T-1 and ' +
    'noise eps ~ N(0, I) from the run’s seeded generator, and outputs the noised x_t = sqrt(abar_t) x0 + ' +
    'sqrt(1 - abar_t) eps with t (int32, for the timestep embedding: Sinusoidal Encoding) and the regression ' +
    "target for the denoiser: eps, or v = sqrt(abar_t) eps - sqrt(1 - abar_t) x0 with prediction 'v'. Wire x_t " +
    'and t into the denoiser, and its output with target into an MSE loss (or Diffusion Loss for min-SNR ' +
    'weighting, fed the same t). x0 may be images or the latents of a frozen autoencoder (latent diffusion). ' +
    'The diffusers equivalent is DDPMScheduler.add_noise(x0, noise, timesteps) (and get_velocity for v).',
  paper: {
    citation:
      'Ho, Jain, Abbeel. Denoising Diffusion Probabilistic Models. NeurIPS 2020 (eq. 4, Algorithm 1); ' +
      'Salimans & Ho. Progressive Distillation for Fast Sampling of Diffusion Models. ICLR 2022 (v, sec. 4)',
    url: 'https://arxiv.org/abs/2006.11239',
    equation:
      'x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps; v = sqrt(abar_t) eps - sqrt(1 - abar_t) x0',
  },
  inputs: [
    {
      name: 'x0',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      frozenUpstream: true,
      doc: 'Clean data (images scaled to [-1, 1], or latents). A latent encoder feeding it must be frozen in the stage that trains the denoiser (the training check names it).',
    },
  ],
  outputs: [
    {
      name: 'xt',
      label: 'x_t',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'The noised input, same shape as x0; its gradient reaches x0 scaled by sqrt(abar_t).',
    },
    {
      name: 't',
      kind: 'tensor',
      dtype: 'int32',
      rank: 1,
      dims: ['B'],
      gradient: 'none',
      doc: 'The timestep of each example, 0..T-1.',
    },
    {
      name: 'eps',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'none',
      doc: 'The noise drawn, same shape as x0.',
    },
    {
      name: 'target',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...'],
      gradient: 'flows',
      doc: 'What the denoiser should output: eps, or v (which depends on x0, so its gradient flows there).',
    },
  ],
  params: diffusionStepParams,
  agreeingParams: scheduleAgreement('defines'),
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [...scheduleDiagnostics(ctx.params)];
    const x0 = tensorInput(ctx, 'x0', diagnostics, { what: 'the clean data (B x ...)' });
    if (x0 && x0.shape.length < 1)
      diagnostics.push({
        severity: 'error',
        port: 'x0',
        message: 'x0 is a scalar; connect a batch B x ... (the first dim is the batch).',
      });
    if (x0 && x0.dtype !== 'float32')
      diagnostics.push({
        severity: 'error',
        port: 'x0',
        message: `x0 is ${x0.dtype}; connect float32 data (cast or embed indices first).`,
      });
    if (!x0 || diagnostics.length > 0) return { outputs: {}, diagnostics };
    const same = tensorType('float32', x0.shape);
    return {
      outputs: {
        xt: same,
        t: tensorType('int32', [x0.shape[0] ?? 'B']),
        eps: same,
        target: same,
      },
      diagnostics,
    };
  },
  build: (tf, params) => createDiffusionStepLayer(tf, params),
  emit: {
    layerModule: 'diffusion/diffusion-step/diffusion-step.layer',
    factory: 'createDiffusionStepLayer',
  },
});
