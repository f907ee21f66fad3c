// One DDIM run (Song, Meng, Ermon 2021, eq. 12) from a denoiser handle: shared by the DDIM sampler
// and the guidance sweep, which runs it once per guidance scale from the same noise.
// n samples, h w spatial, c channels.
import type * as tfjs from '@tensorflow/tfjs';
import type {
  ApplyContext,
  ModelHandle,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import type { DdimSamplerParams } from '../ddim-sampler/ddim-sampler.params';
import { ddimTimesteps, scheduleTables } from './noise-schedule-math';
import { makeDenoiser, predictX0, runDenoisingLoop } from './sampler-core';

export const runDdim = (
  tf: TF,
  params: DdimSamplerParams,
  shape: [number, number, number],
  handle: ModelHandle,
  inputs: Record<string, Tensor | undefined>,
  actx: ApplyContext,
): { samples: tfjs.Tensor4D; strip: tfjs.Tensor4D } => {
  const { alphaBar } = scheduleTables(params);
  const taus = ddimTimesteps(params.steps, params.samplingSteps);
  const denoiser = makeDenoiser(tf, handle, params, inputs, params.count, actx);
  return runDenoisingLoop(tf, params, shape, actx, taus.length, (x, i, noise) => {
    const t = taus[i]!;
    const next = taus[i + 1];
    const a = alphaBar[t]!;
    const ap = next === undefined ? 1 : alphaBar[next]!;
    const coefs = { sa: Math.sqrt(a), sn: Math.sqrt(1 - a) };
    const pred = predictX0(tf, params, x, denoiser.eps(x, t, coefs), coefs);
    const sigma = params.eta * Math.sqrt((1 - ap) / (1 - a)) * Math.sqrt(1 - a / ap);
    const dir = Math.sqrt(Math.max(0, 1 - ap - sigma * sigma));
    const mean = tf.add(tf.mul(pred.x0, Math.sqrt(ap)), tf.mul(pred.eps, dir));
    return sigma > 0 ? tf.add(mean, tf.mul(noise(), sigma)) : mean;
  });
};
