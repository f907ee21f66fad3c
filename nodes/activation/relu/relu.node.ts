// ... any shape, unchanged.
import { elementwiseNode } from '../shared/elementwise-node';
import { createReluLayer } from './relu.layer';

export const reluNode = elementwiseNode({
  id: 'activation/relu',
  title: 'ReLU',
  doc: 'Rectified linear unit, max(0, x) elementwise (torch.nn.ReLU, keras.layers.ReLU). The default nonlinearity after a Dense or Conv2D layer; its second derivative is exact in tfjs, so it is safe inside a gradient-penalty critic.',
  paper: {
    citation:
      'Nair, Hinton. Rectified Linear Units Improve Restricted Boltzmann Machines. ICML 2010',
    url: 'https://www.cs.toronto.edu/~hinton/absps/reluICML.pdf',
    equation: 'y = max(0, x)',
  },
  params: {},
  build: (tf, params, ctx) => createReluLayer(tf, params as Record<string, never>, ctx),
  factory: 'createReluLayer',
});
