// PatchGAN discriminator: a grid of real/fake logits, one per overlapping image patch.
// b batch, h w spatial, c channels (NHWC); gh gw patch grid, p = gh*gw
import { defineNode } from '../../../core/node-contract/node-definition';
import { mulDim, tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim, tensorInput } from '../../attention/shape-helpers';
import {
  createPatchganDiscriminator,
  patchganConvs,
  patchOut,
} from './patchgan-discriminator.layer';

export const patchganDiscriminatorNode = defineNode({
  id: 'vqgan/patchgan-discriminator',
  version: 1,
  title: 'PatchGAN Discriminator',
  category: 'gan',
  role: 'layer',
  doc:
    'Classifies each overlapping patch of an image as real or fake instead of the whole image: strided 4x4 convolutions ' +
    '(LeakyReLU 0.2, BatchNorm on inner layers) down to a grid of logits. VQGAN uses it so the decoder is pushed toward ' +
    'locally realistic texture while the reconstruction loss handles global structure. `logits` is the B x gh x gw x 1 grid; ' +
    '`scores` flattens it to (B*gh*gw) x 1 for a GAN loss node (the mean over patches, as in the paper). Put it in a module ' +
    'to score real and reconstructed images with the same weights.',
  paper: {
    citation:
      'Isola, Zhu, Zhou, Efros. Image-to-Image Translation with Conditional Adversarial Networks. CVPR 2017 (sec. 3.2.2, appendix 6.1.2)',
    url: 'https://arxiv.org/abs/1611.07004',
    equation:
      'C64-C128-C256-C512, 4x4 convs, stride 2 except the last two, then a 1-channel output per patch',
  },
  inputs: [
    {
      name: 'image',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'flows',
    },
  ],
  outputs: [
    { name: 'logits', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'gh', 'gw', '1'] },
    {
      name: 'scores',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B*P', '1'],
      doc: 'Patch logits as (B*P) x 1 for a GAN loss.',
    },
  ],
  params: {
    baseChannels: {
      kind: 'int',
      default: 64,
      min: 1,
      max: 512,
      doc: 'Width f of the first conv (doubles per layer, capped at 8f).',
    },
    layers: {
      kind: 'int',
      default: 3,
      min: 1,
      max: 6,
      doc: 'Stride-2 layers; more layers see larger patches (3 gives 70x70 patches).',
    },
    norm: {
      kind: 'enum',
      default: 'batch',
      options: ['batch', 'none'],
      doc: 'BatchNorm on the inner layers (batch statistics), or none.',
    },
  },
  inferShapes({ inputs, params }) {
    const { type, diagnostic } = tensorInput(inputs, 'image', 4, 'B x H x W x C images');
    if (!type) return failed(diagnostic!);
    const [b = 'B', h, w, c] = type.shape;
    const hn = knownDim(h);
    const wn = knownDim(w);
    const cn = knownDim(c);
    if (hn === undefined || wn === undefined || cn === undefined)
      return failed({
        severity: 'error',
        port: 'image',
        message: 'The PatchGAN needs known H, W and C; connect images of a fixed size.',
      });
    let gh = hn;
    let gw = wn;
    for (const s of patchganConvs(cn, params)) {
      gh = patchOut(gh, s.stride);
      gw = patchOut(gw, s.stride);
    }
    if (gh < 1 || gw < 1)
      return failed({
        severity: 'error',
        port: 'image',
        message: `${hn}x${wn} images are too small for ${params.layers} stride-2 layers; set layers to ${Math.max(1, params.layers - 1)} or fewer.`,
      });
    return {
      outputs: {
        logits: tensorType('float32', [b, gh, gw, 1]),
        scores: tensorType('float32', [mulDim(b, gh * gw), 1]),
      },
      diagnostics: [],
    };
  },
  build: (tf, params, ctx) => createPatchganDiscriminator(tf, params, ctx),
  emit: {
    layerModule: 'vqgan/patchgan-discriminator/patchgan-discriminator.layer',
    factory: 'createPatchganDiscriminator',
  },
});
