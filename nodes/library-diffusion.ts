// Node types of diffusion models: the noise schedule, q_sample, condition dropout for
// classifier-free guidance, the min-SNR loss, the DDPM / DDIM samplers, the guidance sweep, and the KL latent of latent diffusion.
import type { AnyNodeDefinition } from '../core/node-contract/node-definition';
import { conditionDropoutNode } from './diffusion/condition-dropout/condition-dropout.node';
import { ddimSamplerNode } from './diffusion/ddim-sampler/ddim-sampler.node';
import { ddpmSamplerNode } from './diffusion/ddpm-sampler/ddpm-sampler.node';
import { diagonalGaussianNode } from './diffusion/diagonal-gaussian/diagonal-gaussian.node';
import { guidanceSweepNode } from './diffusion/guidance-sweep/guidance-sweep.node';
import { diffusionLossNode } from './diffusion/diffusion-loss/diffusion-loss.node';
import { diffusionStepNode } from './diffusion/diffusion-step/diffusion-step.node';
import { noiseScheduleNode } from './diffusion/noise-schedule/noise-schedule.node';

export const diffusionNodes: readonly AnyNodeDefinition[] = [
  noiseScheduleNode,
  diffusionStepNode,
  conditionDropoutNode,
  diffusionLossNode,
  ddpmSamplerNode,
  ddimSamplerNode,
  guidanceSweepNode,
  diagonalGaussianNode,
];
