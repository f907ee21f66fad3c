// Min-SNR-gamma weighted diffusion loss (Hang et al. 2023, eq. 7-9):
//   L = weight * mean_b( w(t_b) * mean((prediction_b - target_b)^2) ),
//   w = min(SNR_t, gamma) / SNR_t for eps, min(SNR_t, gamma) / (SNR_t + 1) for v, min(SNR_t, gamma) for x0,
//   SNR_t = abar_t / (1 - abar_t). b batch, ... any further dims.
// The per-step weights are a constant table gathered by the int32 t: no gradient enters the gather.
import type { NodeLayer, TF, Tensor } from '../../../core/node-contract/node-definition';
import { scheduleTables, snr } from '../shared/noise-schedule-math';
import type { DiffusionLossParams } from './diffusion-loss.params';

/** The min-SNR weight of every step 0..T-1, in float64. */
export const minSnrWeights = (params: DiffusionLossParams): Float64Array =>
  snr(scheduleTables(params).alphaBar).map((r) => {
    const clamped = Math.min(r, params.gamma);
    return params.prediction === 'x0'
      ? clamped
      : params.prediction === 'v'
        ? clamped / (r + 1)
        : clamped / r;
  });

export const createDiffusionLossLayer = (tf: TF, params: DiffusionLossParams): NodeLayer => {
  const table = Float32Array.from(minSnrWeights(params));
  return {
    weights: {},
    apply: (inputs) => {
      const p = inputs.prediction;
      const target = inputs.target;
      const t = inputs.t;
      if (!p || !target || !t)
        throw new Error('diffusion/diffusion-loss needs prediction, target and t.');
      const b = p.shape[0] ?? 1;
      const perExample: Tensor = tf.mean(tf.reshape(tf.squaredDifference(p, target), [b, -1]), 1);
      const w = tf.gather(tf.tensor1d(table), tf.cast(t, 'int32'));
      return { loss: tf.mul(tf.mean(tf.mul(perExample, w)), params.weight) };
    },
  };
};
