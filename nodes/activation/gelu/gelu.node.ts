// ... any shape, unchanged.
import { elementwiseNode } from '../shared/elementwise-node';
import { createGeluLayer } from './gelu.layer';

export const geluNode = elementwiseNode({
  id: 'activation/gelu',
  title: 'GELU',
  doc: "Gaussian error linear unit, x times the standard normal CDF of x (torch.nn.GELU, keras.activations.gelu): the usual nonlinearity inside transformer MLPs. approximate 'none' is the exact erf form and PyTorch's default; 'tanh' is the approximation GPT-2 and BERT used (torch.nn.GELU(approximate='tanh')).",
  paper: {
    citation: 'Hendrycks, Gimpel. Gaussian Error Linear Units (GELUs). 2016',
    url: 'https://arxiv.org/abs/1606.08415',
    equation:
      'y = 0.5 x (1 + erf(x / sqrt 2)); tanh form: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))',
  },
  params: {
    approximate: {
      kind: 'enum',
      default: 'none',
      options: ['none', 'tanh'],
      doc: "'none': exact erf form (PyTorch's default). 'tanh': the tanh approximation.",
    },
  },
  build: (tf, params, ctx) => createGeluLayer(tf, params, ctx),
  factory: 'createGeluLayer',
});
