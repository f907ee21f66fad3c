// ... any shape, unchanged.
import { elementwiseNode } from '../shared/elementwise-node';
import { createSiluLayer } from './silu.layer';

export const siluNode = elementwiseNode({
  id: 'activation/silu',
  title: 'SiLU',
  doc: 'Sigmoid linear unit, x * sigmoid(x), also called Swish (torch.nn.SiLU, keras.activations.silu / swish). The nonlinearity of diffusion U-Nets and many modern convnets. tf.sigmoid has a wrong second derivative in tfjs; this node recomputes the derivative from x, so it is correct inside a gradient penalty too.',
  paper: {
    citation:
      'Elfwing, Uchibe, Doya. Sigmoid-Weighted Linear Units for Neural Network Function Approximation in Reinforcement Learning. 2018; Ramachandran, Zoph, Le. Searching for Activation Functions. 2017',
    url: 'https://arxiv.org/abs/1702.03118',
    equation: 'y = x * sigmoid(x) = x / (1 + exp(-x))',
  },
  params: {},
  build: (tf, params, ctx) => createSiluLayer(tf, params as Record<string, never>, ctx),
  factory: 'createSiluLayer',
});
