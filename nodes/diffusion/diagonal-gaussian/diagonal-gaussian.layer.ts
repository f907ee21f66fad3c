// The posterior of a KL-regularised autoencoder, N(mu, diag(sigma^2)) with log sigma^2 = logvar
// (clamped): z = mu + exp(logvar / 2) * eps, eps ~ N(0, I) from the run's seeded generator (the
// reparameterisation trick, Kingma & Welling 2014, eq. 10), and
// KL(N(mu, sigma^2) || N(0, I)) = 1/2 sum (mu^2 + sigma^2 - 1 - log sigma^2) per example, averaged
// over the batch (appendix B). b batch, ... the latent dims (h w c for a latent image).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import type { DiagonalGaussianParams } from './diagonal-gaussian.params';

export const createDiagonalGaussianLayer = (
  tf: TF,
  params: DiagonalGaussianParams,
  ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs, actx) => {
    const mean = inputs.mean;
    const raw = inputs.logvar;
    if (!mean || !raw)
      throw new Error(`Diagonal Gaussian ${ctx?.nodeId ?? ''} needs mean and logvar.`);
    const logvar = tf.clipByValue(raw, params.logvarMin, params.logvarMax);
    const b = mean.shape[0] ?? 1;
    const kl = tf.div(
      tf.sum(tf.mul(tf.sub(tf.add(tf.square(mean), tf.exp(logvar)), tf.add(logvar, 1)), 0.5)),
      b,
    );
    const sample = (): Tensor =>
      tf.add(
        mean,
        tf.mul(
          tf.exp(tf.mul(logvar, 0.5)),
          tf.randomNormal(mean.shape, 0, 1, 'float32', actx.rng.seed()),
        ),
      );
    const z = actx.training || params.evalOutput === 'sample' ? sample() : mean;
    return { z, kl };
  },
});
