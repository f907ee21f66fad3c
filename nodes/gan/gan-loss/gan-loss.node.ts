// gan/gan-loss: discriminator and generator losses from logits of real and generated images.
// b batch; scores B x 1.
import { defineNode } from '../../../core/node-contract/node-definition';
import { SCALAR, checkScore, scalarPort, scorePort } from '../shared/scalar-ports';
import { createGanLossLayer } from './gan-loss.layer';
import { ganLossParams } from './gan-loss.params';

export const ganLossNode = defineNode({
  id: 'gan/gan-loss',
  version: 1,
  title: 'GAN loss',
  category: 'gan',
  role: 'loss',
  doc:
    'From the discriminator logits of real and generated images, gives the discriminator loss (feed the ' +
    "discriminator's optimizer), the generator loss (feed the generator's optimizer) and the discriminator's " +
    'accuracy. Non-saturating: L_D = softplus(-D(x)) + softplus(D(G(z))), L_G = softplus(-D(G(z))). Hinge: ' +
    'L_D = (relu(1 - D(x)) + relu(1 + D(G(z)))) / 2, L_G = -D(G(z)).',
  paper: {
    citation:
      'Goodfellow et al. Generative Adversarial Nets. NeurIPS 2014 (non-saturating loss, section 3).',
    url: 'https://arxiv.org/abs/1406.2661',
    equation: 'L_D = -log s(D(x)) - log(1 - s(D(G(z)))), L_G = -log s(D(G(z)))',
  },
  inputs: [
    {
      ...scorePort(
        'real',
        'Discriminator logits of real images; optional for a generator-only loss.',
      ),
      optional: true,
    },
    scorePort('fake', 'Discriminator logits of generated images.'),
  ],
  outputs: [
    scalarPort(
      'discriminatorLoss',
      "Discriminator loss; its gradient reaches the discriminator's weights.",
    ),
    scalarPort('generatorLoss', 'Generator loss, through the discriminator into the generator.'),
    scalarPort('accuracy', 'Fraction of real logits > 0 and fake logits <= 0.', 'none'),
  ],
  params: ganLossParams,
  inferShapes: ({ inputs }) => ({
    outputs: { discriminatorLoss: SCALAR, generatorLoss: SCALAR, accuracy: SCALAR },
    diagnostics: [
      ...checkScore('real', inputs['real'], false),
      ...checkScore('fake', inputs['fake'], true),
    ],
  }),
  build: (tf, params) => createGanLossLayer(tf, params),
  emit: { layerModule: 'gan/gan-loss/gan-loss.layer', factory: 'createGanLossLayer' },
});
