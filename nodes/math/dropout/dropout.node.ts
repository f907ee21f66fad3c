// ... any shape, unchanged.
import { elementwiseNode } from '../../activation/shared/elementwise-node';
import { createDropoutLayer } from './dropout.layer';

export const dropoutNode = elementwiseNode({
  id: 'math/dropout',
  title: 'Dropout',
  category: 'math',
  doc: 'While training, zeroes each element with probability rate and scales the others by 1 / (1 - rate) (inverted dropout, as torch.nn.Dropout and keras.layers.Dropout); at evaluation and sampling it passes x through unchanged. Regularises MLPs and transformer blocks (0.1 is common there). The mask comes from the run seed, so a resumed run reproduces it.',
  paper: {
    citation:
      'Srivastava, Hinton, Krizhevsky, Sutskever, Salakhutdinov. Dropout: A Simple Way to Prevent Neural Networks from Overfitting. JMLR 2014',
    url: 'https://jmlr.org/papers/v15/srivastava14a.html',
    equation: 'y = x * m / (1 - p), m ~ Bernoulli(1 - p) while training; y = x otherwise',
  },
  params: {
    rate: {
      kind: 'float',
      default: 0.1,
      min: 0,
      max: 0.99,
      doc: 'Probability of zeroing an element, in [0, 1); 0 turns dropout off.',
    },
  },
  build: (tf, params, ctx) => createDropoutLayer(tf, params, ctx),
  factory: 'createDropoutLayer',
});
