// Patchify: image [B, H, W, C] -> tokens [B, (H/p)*(W/p), p*p*C] (ViT patch embedding input).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { divDim, formatShape, mulDim, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { productDim } from '../shared/dims';
import { fail } from '../shared/diagnostics';
import { createPatchifyLayer } from './patchify.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const patchifyNode = defineNode({
  id: 'shape/patchify',
  version: 1,
  title: 'Patchify',
  category: 'shape',
  role: 'layer',
  doc:
    'Cuts an NHWC image into non-overlapping p x p patches and lays each one out as a token: ' +
    'B x H x W x C becomes B x (H/p)(W/p) x p*p*C, patches in row-major order, and inside a patch ' +
    'the values ordered by row, column, then channel (channels last), as in ViT and MAE ' +
    '(MAE\'s patchify; einops rearrange "b (h p1) (w p2) c -> b (h w) (p1 p2 c)"). Follow it with a ' +
    'Dense layer for a ViT patch embedding; Unpatchify is its exact inverse.',
  paper: {
    citation:
      'Dosovitskiy et al. An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale. ICLR 2021',
    url: 'https://arxiv.org/abs/2010.11929',
    equation: 'x in R^{H x W x C} -> x_p in R^{N x (P^2 C)}, N = HW / P^2 (sec. 3.1)',
  },
  inputs: [
    {
      name: 'image',
      kind: 'tensor',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'flows',
      doc: 'NHWC image; H and W divisible by the patch size.',
    },
  ],
  outputs: [
    {
      name: 'tokens',
      kind: 'tensor',
      rank: 3,
      dims: ['B', 'N', 'P'],
      doc: 'One token per patch: N = (H/p)(W/p), P = p*p*C.',
    },
  ],
  params: {
    patch: { kind: 'int', default: 4, min: 1, max: 64, doc: 'Patch side p in pixels.' },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'image', diagnostics, { rank: 4, what: 'an NHWC image' });
    if (!x) return { outputs: {}, diagnostics };
    const p = ctx.params.patch;
    const [b, h, w, c] = x.shape as [
      string | number,
      string | number,
      string | number,
      string | number,
    ];
    for (const [name, d] of [
      ['H', h],
      ['W', w],
    ] as const)
      if (typeof d === 'number' && d % p !== 0)
        return fail(
          'image',
          `${name} = ${d} of image (${formatShape(x.shape)}) is not divisible by the patch size ${p}; choose a patch size that divides ${name}, or resize / crop the image.`,
        );
    const n = productDim([divDim(h, p), divDim(w, p)]);
    return { outputs: { tokens: tensorType(x.dtype, [b, n, mulDim(c, p * p)]) }, diagnostics };
  },
  build: (tf, params, ctx) => createPatchifyLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'shape/patchify/patchify.layer', factory: 'createPatchifyLayer' },
});
