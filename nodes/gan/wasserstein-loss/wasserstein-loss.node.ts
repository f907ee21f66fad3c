// gan/wasserstein-loss: critic and generator terms of the WGAN objective, and the critic's
// estimate of the Wasserstein distance. b batch; scores B x 1.
import { defineNode } from '../../../core/node-contract/node-definition';
import { SCALAR, checkScore, scalarPort, scorePort } from '../shared/scalar-ports';
import { createWassersteinLossLayer } from './wasserstein-loss.layer';

export const wassersteinLossNode = defineNode({
  id: 'gan/wasserstein-loss',
  version: 1,
  title: 'Wasserstein loss',
  category: 'gan',
  role: 'loss',
  doc:
    'WGAN objective from critic values (no sigmoid) of real and generated images. criticLoss = mean D(G(z)) - ' +
    'mean D(x) feeds the critic optimizer (add a Gradient penalty, or clip the weights in the optimizer); ' +
    "generatorLoss = -mean D(G(z)) feeds the generator's. wasserstein = mean D(x) - mean D(G(z)) is the " +
    "critic's estimate of the Wasserstein distance: plot it, it should fall as the generator improves.",
  paper: {
    citation: 'Arjovsky, Chintala, Bottou. Wasserstein GAN. ICML 2017.',
    url: 'https://arxiv.org/abs/1701.07875',
    equation: 'max_{||f||_L <= K} E_x f(x) - E_z f(G(z))  (eq. 3)',
  },
  inputs: [
    scorePort('real', 'Critic values of real images.'),
    scorePort('fake', 'Critic values of generated images.'),
  ],
  outputs: [
    scalarPort('criticLoss', 'mean D(G(z)) - mean D(x): minimise over the critic.'),
    scalarPort('generatorLoss', '-mean D(G(z)): minimise over the generator.'),
    scalarPort(
      'wasserstein',
      "The critic's Wasserstein estimate, mean D(x) - mean D(G(z)).",
      'none',
    ),
  ],
  params: {},
  inferShapes: ({ inputs }) => ({
    outputs: { criticLoss: SCALAR, generatorLoss: SCALAR, wasserstein: SCALAR },
    diagnostics: [
      ...checkScore('real', inputs['real'], true),
      ...checkScore('fake', inputs['fake'], true),
    ],
  }),
  build: (tf) => createWassersteinLossLayer(tf),
  emit: {
    layerModule: 'gan/wasserstein-loss/wasserstein-loss.layer',
    factory: 'createWassersteinLossLayer',
  },
});
