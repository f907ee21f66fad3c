// b batch, h w spatial, c channels (NHWC); patch p divides h and w.
import { weightlessCost } from '../../../core/node-contract/cost';
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { isKnown, tensorInput } from '../../shared/shape-checks';
import { createPatchMaskLayer } from './patch-mask.layer';

export const patchMaskNode = defineNode({
  id: 'ssl/patch-mask',
  version: 1,
  title: 'Patch Mask',
  category: 'data',
  role: 'layer',
  doc:
    'Hides random patches of an image batch for masked-prediction pre-training (MAE): the image is cut ' +
    'into patch x patch squares and round(ratio x patches) of them per example, drawn from a generator ' +
    'seeded by (seed, step), are set to fill. The encoder sees `masked`; the masked reconstruction loss ' +
    'reads `mask` (1 on hidden pixels) so that only the hidden patches count. Data only.',
  paper: {
    citation:
      'He, Chen, Xie, Li, Dollár, Girshick, Masked Autoencoders Are Scalable Vision Learners (MAE, 2021)',
    url: 'https://arxiv.org/abs/2111.06377',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'none',
      doc: 'Images, B x H x W x C; H and W multiples of patch.',
    },
  ],
  outputs: [
    {
      name: 'masked',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'none',
      doc: 'The images with the chosen patches set to fill.',
    },
    {
      name: 'mask',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', '1'],
      gradient: 'none',
      doc: '1 on hidden pixels, 0 elsewhere.',
    },
  ],
  params: {
    patch: { kind: 'int', default: 4, min: 1, max: 256, doc: 'Patch side in pixels.' },
    ratio: {
      kind: 'float',
      default: 0.5,
      min: 0,
      max: 1,
      doc: 'Fraction of the patches hidden (MAE: 0.75 on ImageNet).',
    },
    fill: { kind: 'float', default: 0, min: -10, max: 10, doc: 'Value of hidden pixels.' },
    seed: { kind: 'int', default: 1, min: 0, max: 2147483647, doc: 'Seed of the masks.' },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics, { rank: 4, what: 'images B x H x W x C' });
    if (!x) return { outputs: {}, diagnostics };
    const [b, h, w, c] = x.shape;
    const p = ctx.params.patch;
    for (const [name, d] of [
      ['height', h],
      ['width', w],
    ] as const)
      if (!isKnown(d) || d % p !== 0)
        diagnostics.push({
          severity: 'error',
          port: 'x',
          message: `Patch Mask: the image ${name} ${String(d)} is not a multiple of patch ${p}; choose a patch size that divides it.`,
        });
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    return {
      outputs: {
        masked: tensorType('float32', [b!, h!, w!, c!]),
        mask: tensorType('float32', [b!, h!, w!, 1]),
      },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createPatchMaskLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'ssl/patch-mask/patch-mask.layer', factory: 'createPatchMaskLayer' },
});
