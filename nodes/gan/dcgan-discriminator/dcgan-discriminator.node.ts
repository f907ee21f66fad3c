// gan/dcgan-discriminator: image to one score (logit, probability or critic value).
// b batch, h w spatial, c channels (NHWC).
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createDcganDiscriminatorLayer } from './dcgan-discriminator.layer';
import { dcganDiscriminatorParams } from './dcgan-discriminator.params';

export const dcganDiscriminatorNode = defineNode({
  id: 'gan/dcgan-discriminator',
  version: 1,
  title: 'DCGAN discriminator / critic',
  category: 'gan',
  role: 'layer',
  legacy: {
    replacement:
      'the Critic module of the DCGAN template, built from Conv2D, LeakyReLU, BatchNorm, Flatten, Dense',
  },
  doc:
    'Scores images: two stride-2 convolutions (F and 2F maps) with leaky ReLU, ReLU or softplus, then a dense ' +
    'layer to one number per image. Without the output sigmoid it gives logits for a GAN loss or critic values ' +
    'for a Wasserstein loss. Put it in a module to apply the same weights to real and generated images, and ' +
    'to hand it to a Gradient penalty node as a model.',
  paper: {
    citation:
      'Radford, Metz, Chintala. Unsupervised Representation Learning with Deep Convolutional GANs. ICLR 2016.',
    url: 'https://arxiv.org/abs/1511.06434',
  },
  inputs: [
    { name: 'image', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'H', 'W', 'C'] },
  ],
  outputs: [
    {
      name: 'score',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', '1'],
      gradient: 'flows',
    },
  ],
  params: dcganDiscriminatorParams,
  inferShapes: ({ inputs }) => {
    const diagnostics: PortDiagnostic[] = [];
    const x = inputs['image'];
    if (!x)
      diagnostics.push({
        severity: 'error',
        port: 'image',
        message: 'Connect images (B x H x W x C).',
      });
    else if (x.kind !== 'tensor' || x.shape.length !== 4)
      diagnostics.push({
        severity: 'error',
        port: 'image',
        message: 'image must be B x H x W x C; reshape flat vectors first.',
      });
    else if (x.shape.slice(1).some((d) => typeof d !== 'number'))
      diagnostics.push({
        severity: 'error',
        port: 'image',
        message: 'The discriminator needs known H, W and C to size its dense layer.',
      });
    const b = x?.kind === 'tensor' ? (x.shape[0] ?? 'B') : 'B';
    return { outputs: { score: tensorType('float32', [b, 1]) }, diagnostics };
  },
  build: (tf, params, ctx) => createDcganDiscriminatorLayer(tf, params, ctx),
  emit: {
    layerModule: 'gan/dcgan-discriminator/dcgan-discriminator.layer',
    factory: 'createDcganDiscriminatorLayer',
  },
});
