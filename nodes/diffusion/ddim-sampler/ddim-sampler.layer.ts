// DDIM sampling over a sub-sequence tau_S > ... > tau_1 of the T steps, Song, Meng, Ermon 2021, eq. 12:
//   x0 = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t),
//   x_prev = sqrt(abar_prev) x0 + sqrt(1 - abar_prev - sigma^2) eps + sigma z,
//   sigma = eta sqrt((1 - abar_prev) / (1 - abar_t)) sqrt(1 - abar_t / abar_prev)   (eq. 16),
// with abar_prev = 1 after the last step (the result is the predicted x0). Deterministic at eta 0.
// Index t here is 0..T-1. n samples, h w spatial, c channels.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { ddimTimesteps, scheduleTables } from '../shared/noise-schedule-math';
import {
  handleImageShape,
  makeDenoiser,
  predictX0,
  runDenoisingLoop,
} from '../shared/sampler-core';
import type { DdimSamplerParams } from './ddim-sampler.params';

export const createDdimSamplerLayer = (
  tf: TF,
  params: DdimSamplerParams,
  ctx: BuildContext,
): NodeLayer => {
  const shape = handleImageShape(ctx, params.inputName);
  const { alphaBar } = scheduleTables(params);
  const taus = ddimTimesteps(params.steps, params.samplingSteps);
  return {
    weights: {},
    apply(inputs, actx) {
      const handle = actx.handles.model;
      if (!handle)
        throw new Error(`DDIM sampler ${ctx.nodeId}: no model handle on the 'model' port.`);
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
    },
  };
};
