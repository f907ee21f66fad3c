// Wasserstein GAN losses (Arjovsky, Chintala, Bottou 2017, eq. 3 and Algorithm 1):
//   W_est = mean D(x) - mean D(G(z))   (the critic's estimate of the Wasserstein-1 distance, up to K)
//   L_critic = mean D(G(z)) - mean D(x) = -W_est,   L_G = -mean D(G(z)).
// b batch; scores B x 1 critic values (no sigmoid).
import type { NodeLayer, TF } from '../../../core/node-contract/node-definition';

export const createWassersteinLossLayer = (tf: TF): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const real = inputs['real'];
    const fake = inputs['fake'];
    if (!real || !fake)
      throw new Error('wasserstein-loss: inputs real and fake must both be connected.');
    const meanFake = tf.mean(fake);
    const wasserstein = tf.sub(tf.mean(real), meanFake);
    return { criticLoss: tf.neg(wasserstein), generatorLoss: tf.neg(meanFake), wasserstein };
  },
});
