// ... any shape, unchanged.
import { elementwiseNode } from '../shared/elementwise-node';
import { createLeakyReluLayer } from './leaky-relu.layer';

export const leakyReluNode = elementwiseNode({
  id: 'activation/leaky-relu',
  title: 'LeakyReLU',
  doc: 'x for positive x, alpha * x otherwise (torch.nn.LeakyReLU, keras.layers.LeakyReLU). The GAN default, where discriminators need a gradient for negative inputs. Tessera defaults alpha to 0.2 (the DCGAN value); PyTorch defaults negative_slope to 0.01, so set 0.01 to match a PyTorch model. Computed as relu(x) - alpha * relu(-x), so second derivatives work (WGAN-GP, R1).',
  paper: {
    citation:
      'Maas, Hannun, Ng. Rectifier Nonlinearities Improve Neural Network Acoustic Models. ICML 2013',
    url: 'https://ai.stanford.edu/~amaas/papers/relu_hybrid_icml2013_final.pdf',
    equation: 'y = max(0, x) + alpha * min(0, x)',
  },
  params: {
    alpha: {
      kind: 'float',
      default: 0.2,
      min: 0,
      max: 1,
      doc: 'Slope for negative inputs. 0.2 here (DCGAN); PyTorch nn.LeakyReLU defaults to 0.01.',
    },
  },
  build: (tf, params, ctx) => createLeakyReluLayer(tf, params, ctx),
  factory: 'createLeakyReluLayer',
});
