// The guidance sweep: one DDIM run per guidance scale w, all from the same initial noise and the
// same conditions (the noise seed is fixed, or drawn once per call when seed is 0), so that the
// columns differ only in w. Output row r, column j: condition r sampled at scales[j], laid out as
// [rows * scales, h, w, c]. r rows, s scales, h w spatial, c channels.
import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { runDdim } from '../shared/ddim-loop';
import { handleImageShape } from '../shared/sampler-core';
import { columnParams, type GuidanceSweepParams } from './guidance-sweep.params';

export const createGuidanceSweepLayer = (
  tf: TF,
  params: GuidanceSweepParams,
  ctx: BuildContext,
): NodeLayer => {
  const shape = handleImageShape(ctx, params.inputName);
  return {
    weights: {},
    apply(inputs, actx) {
      const handle = actx.handles.model;
      if (!handle)
        throw new Error(`Guidance Sweep ${ctx.nodeId}: no model handle on the 'model' port.`);
      const seed = params.seed > 0 ? params.seed : actx.rng.seed();
      const columns: tfjs.Tensor4D[] = params.scales.map((w) => {
        const { samples, strip } = runDdim(
          tf,
          { ...columnParams(params, w), seed },
          shape,
          handle,
          inputs,
          actx,
        );
        strip.dispose();
        return samples;
      });
      const grid = tf.tidy(() =>
        tf.reshape(tf.stack(columns, 1), [params.rows * columns.length, ...shape]),
      );
      tf.dispose(columns);
      return { samples: grid };
    },
  };
};
