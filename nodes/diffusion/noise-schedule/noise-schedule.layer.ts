// The schedule tables betas, alphas, alphaBar [T] as constant tensors (float32 copies of the
// float64 tables), made fresh on every call so that the trainer's tf.tidy owns them.
import type { NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { scheduleTables } from '../shared/noise-schedule-math';
import type { ScheduleParams } from '../shared/schedule-params';

export const createNoiseScheduleLayer = (tf: TF, params: ScheduleParams): NodeLayer => {
  const tables = scheduleTables(params);
  const f32 = {
    betas: Float32Array.from(tables.betas),
    alphas: Float32Array.from(tables.alphas),
    alphaBar: Float32Array.from(tables.alphaBar),
  };
  return {
    weights: {},
    apply: () => ({
      betas: tf.tensor1d(f32.betas),
      alphas: tf.tensor1d(f32.alphas),
      alphaBar: tf.tensor1d(f32.alphaBar),
    }),
  };
};
