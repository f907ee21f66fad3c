// Adversarial losses on discriminator logits.
// Non-saturating (Goodfellow et al. 2014, section 3): L_D = -log s(D(x)) - log(1 - s(D(G(z)))),
//   L_G = -log s(D(G(z))); with softplus: -log s(t) = softplus(-t), -log(1 - s(t)) = softplus(t).
// Hinge (Lim & Ye 2017; Miyato et al. 2018; used by VQGAN): L_D = relu(1 - D(x)) + relu(1 + D(G(z))),
//   L_G = -D(G(z)).
// b batch; scores are B x 1 logits.
import type { NodeLayer, TF, Tensor } from '../../../core/node-contract/node-definition';
import type { ParamsOf } from '../../../core/node-contract/param-spec';
import type { ganLossParams } from './gan-loss.params';

export const createGanLossLayer = (tf: TF, p: ParamsOf<typeof ganLossParams>): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const real = inputs['real'];
    const fake = inputs['fake'];
    if (!fake) throw new Error('gan-loss: input fake is not connected.');
    const hinge = p.mode === 'hinge';
    const generatorLoss = hinge ? tf.neg(tf.mean(fake)) : tf.mean(tf.softplus(tf.neg(fake)));
    const out: Record<string, Tensor> = { generatorLoss: tf.mul(p.generatorWeight, generatorLoss) };
    if (real) {
      const dReal = hinge ? tf.mean(tf.relu(tf.sub(1, real))) : tf.mean(tf.softplus(tf.neg(real)));
      const dFake = hinge ? tf.mean(tf.relu(tf.add(1, fake))) : tf.mean(tf.softplus(fake));
      // Hinge: the mean of the two terms (Taming Transformers' hinge_d_loss); non-saturating: their sum.
      out['discriminatorLoss'] = hinge ? tf.mul(0.5, tf.add(dReal, dFake)) : tf.add(dReal, dFake);
      // Accuracy of the discriminator at threshold logit 0 over real and fake together.
      const right = tf.add(
        tf.sum(tf.cast(tf.greater(real, 0), 'float32')),
        tf.sum(tf.cast(tf.lessEqual(fake, 0), 'float32')),
      );
      out['accuracy'] = tf.div(right, real.size + fake.size);
    }
    return out;
  },
});
