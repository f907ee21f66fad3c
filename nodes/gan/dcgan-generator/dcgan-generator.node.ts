// gan/dcgan-generator: latent vector to image, DCGAN-style (Radford et al. 2016).
// b batch, z latent dim, h w spatial, c channels (NHWC).
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createDcganGeneratorLayer } from './dcgan-generator.layer';
import { dcganGeneratorParams } from './dcgan-generator.params';

export const dcganGeneratorNode = defineNode({
  id: 'gan/dcgan-generator',
  version: 1,
  title: 'DCGAN generator',
  category: 'gan',
  role: 'layer',
  legacy: {
    replacement:
      'the Generator module of the DCGAN template, built from Dense, Reshape, ConvTranspose2D, BatchNorm, ReLU',
  },
  doc:
    'Maps a latent vector z to an image: a dense layer to an (H/4 x W/4) map with 2F channels, then two ' +
    'stride-2 transposed convolutions with batch norm and ReLU between them, and a sigmoid (data in [0, 1]) ' +
    'or tanh output. Feed it from a Latent noise node; train it with a GAN or Wasserstein loss.',
  paper: {
    citation:
      'Radford, Metz, Chintala. Unsupervised Representation Learning with Deep Convolutional GANs. ICLR 2016.',
    url: 'https://arxiv.org/abs/1511.06434',
  },
  inputs: [
    {
      name: 'z',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', 'Z'],
      doc: 'Latent vectors.',
    },
  ],
  outputs: [
    {
      name: 'image',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'flows',
    },
  ],
  params: dcganGeneratorParams,
  inferShapes: ({ params, inputs }) => {
    const diagnostics: PortDiagnostic[] = [];
    const z = inputs['z'];
    if (!z)
      diagnostics.push({
        severity: 'error',
        port: 'z',
        message: 'Connect a latent vector (B x Z), e.g. from a Latent noise node.',
      });
    else if (z.kind !== 'tensor' || z.shape.length !== 2)
      diagnostics.push({
        severity: 'error',
        port: 'z',
        message: 'z must be a B x Z tensor; flatten or reshape it first.',
      });
    if (params.height % 4 !== 0 || params.width % 4 !== 0)
      diagnostics.push({
        severity: 'error',
        message: `Output size ${params.height} x ${params.width} must be divisible by 4 (two stride-2 upsamplings); try 28 x 28 or 32 x 32.`,
      });
    const b = z?.kind === 'tensor' ? (z.shape[0] ?? 'B') : 'B';
    return {
      outputs: { image: tensorType('float32', [b, params.height, params.width, params.channels]) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createDcganGeneratorLayer(tf, params, ctx),
  emit: {
    layerModule: 'gan/dcgan-generator/dcgan-generator.layer',
    factory: 'createDcganGeneratorLayer',
  },
});
