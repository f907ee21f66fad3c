// DDIM sampling over a sub-sequence tau_S > ... > tau_1 of the T steps, Song, Meng, Ermon 2021, eq. 12:
//   x0 = (x_t - sqrt(1 - abar_t) eps) / sqrt(abar_t),
//   x_prev = sqrt(abar_prev) x0 + sqrt(1 - abar_prev - sigma^2) eps + sigma z,
//   sigma = eta sqrt((1 - abar_prev) / (1 - abar_t)) sqrt(1 - abar_t / abar_prev)   (eq. 16),
// with abar_prev = 1 after the last step (the result is the predicted x0). Deterministic at eta 0.
// Index t here is 0..T-1 (the loop is in ../shared/ddim-loop.ts). n samples, h w spatial, c channels.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { runDdim } from '../shared/ddim-loop';
import { handleImageShape } from '../shared/sampler-core';
import type { DdimSamplerParams } from './ddim-sampler.params';

export const createDdimSamplerLayer = (
  tf: TF,
  params: DdimSamplerParams,
  ctx: BuildContext,
): NodeLayer => {
  const shape = handleImageShape(ctx, params.inputName);
  return {
    weights: {},
    apply(inputs, actx) {
      const handle = actx.handles.model;
      if (!handle)
        throw new Error(`DDIM sampler ${ctx.nodeId}: no model handle on the 'model' port.`);
      return runDdim(tf, params, shape, handle, inputs, actx);
    },
  };
};
