// Forward diffusion q(x_t | x0) at one random step per example (Ho et al. 2020, eq. 4):
// x_t = sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, eps ~ N(0, I), t ~ U{0..T-1}.
// b batch, ... any further dims. The coefficients are looked up in float64 on the JS side (t is
// drawn there from the trainer's rng), so no gather enters the gradient tape.
import type { NodeLayer, TF, Tensor } from '../../../core/node-contract/node-definition';
import { scheduleTables } from '../shared/noise-schedule-math';
import type { DiffusionStepParams } from './diffusion-step.params';

export const createDiffusionStepLayer = (tf: TF, params: DiffusionStepParams): NodeLayer => {
  const { alphaBar } = scheduleTables(params);
  const T = params.steps;
  return {
    weights: {},
    apply: (inputs, ctx) => {
      const x0 = inputs.x0 as Tensor;
      const b = x0.shape[0] ?? 1;
      const t = Int32Array.from({ length: b }, () => ctx.rng.int(T));
      const eps = tf.randomNormal(x0.shape, 0, 1, 'float32', ctx.rng.seed());
      const coefShape = [b, ...x0.shape.slice(1).map(() => 1)];
      const sa = tf.tensor(
        Float32Array.from(t, (s) => Math.sqrt(alphaBar[s]!)),
        coefShape,
      );
      const sn = tf.tensor(
        Float32Array.from(t, (s) => Math.sqrt(1 - alphaBar[s]!)),
        coefShape,
      );
      const xt = tf.add(tf.mul(sa, x0), tf.mul(sn, eps));
      const target = params.prediction === 'v' ? tf.sub(tf.mul(sa, eps), tf.mul(sn, x0)) : eps;
      return { xt, t: tf.tensor1d(t, 'int32'), eps, target };
    },
  };
};
