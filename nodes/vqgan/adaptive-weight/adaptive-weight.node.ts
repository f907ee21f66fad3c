// The decoder's last layer with VQGAN's adaptive GAN weight (Esser et al. 2021, eq. 7).
// b batch, h w spatial, c feature channels, o image channels (NHWC)
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim, tensorInput } from '../../attention/shape-helpers';
import { createAdaptiveWeight } from './adaptive-weight.layer';

export const adaptiveWeightNode = defineNode({
  id: 'vqgan/adaptive-weight',
  version: 1,
  title: 'Adaptive GAN Weight (last layer)',
  category: 'gan',
  role: 'layer',
  doc:
    "The decoder's last layer G_L (a k x k conv from the decoder's features to image channels, then the output " +
    'activation) together with the adaptive weight of VQGAN: lambda = ||grad_GL L_rec|| / (||grad_GL L_GAN|| + eps), ' +
    'clipped to [0, maxWeight] and multiplied by discWeight, and 0 before discStart. Wire `image` to the reconstruction ' +
    "loss and previews, and `imageForDisc` to the discriminator of the generator's objective; then simply add the two " +
    'losses (rec + GAN): in the backward pass the gradient arriving through imageForDisc is scaled by lambda, which is ' +
    "computed from the exact gradients of both losses at this layer's kernel in the same pass (no second forward). " +
    'The summed loss value shown is therefore rec + GAN unscaled; `lambda` outputs the last weight used (a step late). ' +
    "Set the decoder before it to output features (outActivation 'none'), as its last conv is now this node.",
  paper: {
    citation:
      'Esser, Rombach, Ommer. Taming Transformers for High-Resolution Image Synthesis. CVPR 2021, sec. 3.1',
    url: 'https://arxiv.org/abs/2012.09841',
    equation:
      'lambda = ||grad_GL[L_rec]|| / (||grad_GL[L_GAN]|| + delta), delta = 1e-6 (eq. 7); taming-transformers uses 1e-4 and clips to [0, 1e4]',
  },
  inputs: [
    {
      name: 'features',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'flows',
      doc: "The decoder's last features.",
    },
  ],
  outputs: [
    {
      name: 'image',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'O'],
      doc: 'Reconstruction, for L_rec and previews.',
    },
    {
      name: 'imageForDisc',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'O'],
      doc: 'Same image; its gradient is scaled by lambda. Feed the discriminator.',
    },
    {
      name: 'lambda',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      gradient: 'none',
      doc: 'The adaptive weight of the last backward pass.',
    },
  ],
  params: {
    outChannels: {
      kind: 'int',
      default: 1,
      min: 1,
      max: 64,
      doc: 'Image channels (1 grey, 3 RGB).',
    },
    kernel: { kind: 'int', default: 3, min: 1, max: 7, doc: 'Odd kernel size of the last conv.' },
    inputActivation: {
      kind: 'enum',
      default: 'relu',
      options: ['relu', 'none'],
      doc: 'Activation applied to the features first.',
    },
    outActivation: {
      kind: 'enum',
      default: 'sigmoid',
      options: ['sigmoid', 'tanh', 'none'],
      doc: 'sigmoid for images in [0, 1], tanh for [-1, 1].',
    },
    discStart: {
      kind: 'int',
      default: 0,
      min: 0,
      max: 10_000_000,
      doc: "Step from which the GAN term counts (match the discriminator objective's `from`).",
    },
    discWeight: {
      kind: 'float',
      default: 0.8,
      min: 0,
      max: 100,
      doc: "Factor on lambda (taming-transformers' disc_weight).",
    },
    maxWeight: { kind: 'float', default: 10_000, min: 0, max: 1e8, doc: 'Upper clip of lambda.' },
    eps: { kind: 'float', default: 1e-4, min: 0, max: 1, log: true, doc: 'delta in eq. 7.' },
  },
  inferShapes({ inputs, params }) {
    const { type, diagnostic } = tensorInput(
      inputs,
      'features',
      4,
      "the decoder's B x H x W x C features",
    );
    if (!type) return failed(diagnostic!);
    if (params.kernel % 2 === 0)
      return failed({
        severity: 'error',
        message: `kernel is ${params.kernel}; set an odd size (1, 3, 5, 7).`,
      });
    if (knownDim(type.shape[3]) === undefined)
      return failed({
        severity: 'error',
        port: 'features',
        message: "The feature channel count must be known; set the decoder's outChannels.",
      });
    const [b = 'B', h = 'H', w = 'W'] = type.shape;
    const img = tensorType('float32', [b, h, w, params.outChannels]);
    return {
      outputs: { image: img, imageForDisc: img, lambda: tensorType('float32', []) },
      diagnostics: [],
    };
  },
  build: (tf, params, ctx) => createAdaptiveWeight(tf, params, ctx),
  emit: {
    layerModule: 'vqgan/adaptive-weight/adaptive-weight.layer',
    factory: 'createAdaptiveWeight',
  },
});
