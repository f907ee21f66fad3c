// DDPM ancestral sampling, Ho et al. 2020, Algorithm 2 with sigma_t^2 = beta_t:
//   x_T ~ N(0, I); for t = T..1: z ~ N(0, I) if t > 1 else 0,
//   x_{t-1} = 1/sqrt(alpha_t) (x_t - beta_t / sqrt(1 - abar_t) eps(x_t, t)) + sigma_t z.
// With clipX0 the same mean is written through the clipped x0 (the posterior mean, eq. 7):
//   mu = sqrt(abar_{t-1}) beta_t / (1 - abar_t) x0 + sqrt(alpha_t) (1 - abar_{t-1}) / (1 - abar_t) x_t.
// Index t here is 0..T-1 (the paper's t+1). n samples, h w spatial, c channels.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { scheduleTables } from '../shared/noise-schedule-math';
import {
  handleImageShape,
  makeDenoiser,
  predictX0,
  runDenoisingLoop,
} from '../shared/sampler-core';
import type { DdpmSamplerParams } from './ddpm-sampler.params';

export const createDdpmSamplerLayer = (
  tf: TF,
  params: DdpmSamplerParams,
  ctx: BuildContext,
): NodeLayer => {
  const shape = handleImageShape(ctx, params.inputName);
  const { betas, alphas, alphaBar } = scheduleTables(params);
  const T = params.steps;
  return {
    weights: {},
    apply(inputs, actx) {
      const handle = actx.handles.model;
      if (!handle)
        throw new Error(`DDPM sampler ${ctx.nodeId}: no model handle on the 'model' port.`);
      const denoiser = makeDenoiser(tf, handle, params, inputs, params.count, actx);
      return runDenoisingLoop(tf, params, shape, actx, T, (x, i, noise) => {
        const t = T - 1 - i;
        const a = alphaBar[t]!;
        const ap = t > 0 ? alphaBar[t - 1]! : 1;
        const beta = betas[t]!;
        const coefs = { sa: Math.sqrt(a), sn: Math.sqrt(1 - a) };
        const eps = denoiser.eps(x, t, coefs);
        const mean = params.clipX0
          ? tf.add(
              tf.mul(predictX0(tf, params, x, eps, coefs).x0, (Math.sqrt(ap) * beta) / (1 - a)),
              tf.mul(x, (Math.sqrt(alphas[t]!) * (1 - ap)) / (1 - a)),
            )
          : tf.div(tf.sub(x, tf.mul(eps, beta / coefs.sn)), Math.sqrt(alphas[t]!));
        return t > 0 ? tf.add(mean, tf.mul(noise(), Math.sqrt(beta))) : mean;
      });
    },
  };
};
