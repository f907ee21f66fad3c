// Params shared by diffusion/ddpm-sampler and diffusion/ddim-sampler.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { scheduleParams } from './schedule-params';

export const samplerParams = {
  count: {
    kind: 'int',
    label: 'samples',
    default: 16,
    min: 1,
    max: 256,
    doc: 'Samples drawn per call (N); the preview grid shows them.',
  },
  ...scheduleParams,
  prediction: {
    kind: 'enum',
    default: 'eps',
    options: ['eps', 'v'],
    doc: "What the model outputs: the noise eps, or v = sqrt(abar_t) eps - sqrt(1 - abar_t) x0 (match the Diffusion Step's prediction).",
  },
  guidance: {
    kind: 'float',
    label: 'guidance scale w',
    default: 1,
    min: 0,
    max: 30,
    doc: 'Classifier-free guidance eps = eps_u + w (eps_c - eps_u): 1 is the conditional model alone, 0 the unconditional one, above 1 guides harder (3 to 8 is common). Needs a condition.',
  },
  seed: {
    kind: 'int',
    default: 1,
    min: 0,
    max: 2147483646,
    doc: 'Seed of the initial noise and of every noise draw, so that previews at different steps start from the same noise. 0 draws a fresh seed from the run’s generator on every call.',
  },
  clipX0: {
    kind: 'bool',
    label: 'clip predicted x0',
    default: false,
    doc: 'Clip the predicted x0 to [clipMin, clipMax] at every step (diffusers clip_sample); the noise estimate is recomputed from the clipped x0.',
  },
  clipMin: { kind: 'float', default: -1, min: -100, max: 100, doc: 'Lower end of the data range.' },
  clipMax: { kind: 'float', default: 1, min: -100, max: 100, doc: 'Upper end of the data range.' },
  stripFrames: {
    kind: 'int',
    default: 8,
    min: 1,
    max: 64,
    doc: "Frames in the 'strip' output: x_t at evenly spaced points from the initial noise to the result.",
  },
  stripRows: {
    kind: 'int',
    default: 1,
    min: 1,
    max: 64,
    doc: "Samples shown in the 'strip' output, one row each (the first ones, from the same fixed noise as the samples): rows = examples, columns = steps.",
  },
  inputName: {
    kind: 'string',
    default: 'x',
    doc: "The model's input that takes the noisy image x_t.",
  },
  timestepName: {
    kind: 'string',
    default: 't',
    doc: "The model's input that takes the timesteps: int32 [N], values 0..T-1 (what Diffusion Step's t gives in training).",
  },
  conditionName: {
    kind: 'string',
    default: 'c',
    doc: "The model's input that takes the condition (class embedding, caption embedding); used only when a condition or null condition is connected.",
  },
  maskName: {
    kind: 'string',
    default: 'mask',
    doc: "The model's input that takes the condition's padding mask (a caption's, 1 = token); used only when conditionMask is connected. The unconditional pass feeds all ones, as Condition Dropout trains it.",
  },
  outputName: {
    kind: 'string',
    default: 'eps',
    doc: "The model's output holding the prediction (eps or v), shaped like x.",
  },
} satisfies ParamSpecs;

export type SamplerParams = ParamsOf<typeof samplerParams>;
