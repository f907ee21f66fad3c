// WGAN-GP gradient penalty (Gulrajani et al. 2017, Algorithm 1, lines 6-7):
//   x̂ = ε x + (1 − ε) G(z),  ε ~ U[0, 1] per sample,
//   penalty = λ · mean_i (‖∇_x̂ D(x̂_i)‖₂ − 1)².
// The critic arrives as a model handle; its gradient w.r.t. x̂ is taken with tf.grad inside the
// objective, so the optimizer differentiates a gradient (second order). Only use critics whose
// ops have correct second derivatives in tfjs (relu, softplus, conv, dense; not tanh/sigmoid).
// b batch, h w spatial, c channels (NHWC).
import type {
  ApplyContext,
  BuildContext,
  ModelHandle,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import type { ParamsOf } from '../../../core/node-contract/param-spec';
import type { gradientPenaltyParams } from './gradient-penalty.params';

/** Picks a port name: the given one, or the only key when none is given. */
export const pickPort = (given: string, keys: readonly string[], what: string): string => {
  if (given !== '') return given;
  if (keys.length === 1 && keys[0] !== undefined) return keys[0];
  throw new Error(
    `gradient-penalty: the critic has ${keys.length} ${what} ports (${keys.join(', ')}); name one in the node's params.`,
  );
};

export interface PenaltyResult {
  penalty: Tensor;
  gradNorm: Tensor;
}

/** The penalty for a critic function f: images -> scores; eps is B x 1 x 1 x 1 in [0, 1]. */
export const gradientPenalty = (
  tf: TF,
  f: (x: Tensor) => Tensor,
  real: Tensor,
  fake: Tensor,
  eps: Tensor,
  lambda: number,
): PenaltyResult => {
  const xHat = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
  const grad = tf.grad((x: Tensor) => tf.sum(f(x)))(xHat);
  const axes = grad.shape.slice(1).map((_, i) => i + 1);
  // A tiny constant keeps sqrt differentiable where a gradient vanishes.
  const norm = tf.sqrt(tf.add(tf.sum(tf.square(grad), axes), 1e-12));
  return { penalty: tf.mul(lambda, tf.mean(tf.square(tf.sub(norm, 1)))), gradNorm: tf.mean(norm) };
};

export const createGradientPenaltyLayer = (
  tf: TF,
  p: ParamsOf<typeof gradientPenaltyParams>,
  ctx: BuildContext,
): NodeLayer => {
  // Port names come from the critic's type when the params leave them empty.
  const t = ctx.inputs['critic'];
  const inPort =
    t?.kind === 'model'
      ? pickPort(p.criticInput, Object.keys(t.inputs), 'input')
      : p.criticInput || 'image';
  const outPort =
    t?.kind === 'model'
      ? pickPort(p.criticOutput, Object.keys(t.outputs), 'output')
      : p.criticOutput || 'score';
  return {
    weights: {},
    apply: (inputs, actx: ApplyContext) => {
      const real = inputs['real'];
      const fake = inputs['fake'];
      const critic: ModelHandle | undefined = actx.handles['critic'];
      if (!real || !fake)
        throw new Error('gradient-penalty: inputs real and fake must both be connected.');
      if (!critic)
        throw new Error('gradient-penalty: connect the critic module to the critic port.');
      const b = real.shape[0] ?? 1;
      const eps = tf.randomUniform(
        [b, ...real.shape.slice(1).map(() => 1)],
        0,
        1,
        'float32',
        actx.rng.seed(),
      );
      const f = (x: Tensor): Tensor => {
        const score = critic.call({ [inPort]: x }, actx)[outPort];
        if (!score) throw new Error(`gradient-penalty: the critic has no output ${outPort}.`);
        return score;
      };
      const { penalty, gradNorm } = gradientPenalty(tf, f, real, fake, eps, p.lambda);
      return { penalty, gradNorm };
    },
  };
};
