// Unpatchify: tokens [B, N, p*p*C] -> image [B, H, W, C] with N = (H/p)(W/p).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType, type Dim } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { fail } from '../shared/diagnostics';
import { createUnpatchifyLayer } from './unpatchify.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const unpatchifyNode = defineNode({
  id: 'shape/unpatchify',
  version: 1,
  title: 'Unpatchify',
  category: 'shape',
  role: 'layer',
  doc:
    'Puts tokens back together as an NHWC image: B x N x p*p*C becomes B x H x W x C with ' +
    'N = (H/p)(W/p), the exact inverse of Patchify (same order: patches row-major, inside a patch ' +
    "row, column, channel), as MAE's unpatchify or einops rearrange " +
    '"b (h w) (p1 p2 c) -> b (h p1) (w p2) c". Set height and width in pixels, or height 0 for a ' +
    'square grid of sqrt(N) x sqrt(N) patches (width is then ignored and must be 0).',
  paper: {
    citation: 'He et al. Masked Autoencoders Are Scalable Vision Learners. CVPR 2022',
    url: 'https://arxiv.org/abs/2111.06377',
  },
  inputs: [
    {
      name: 'tokens',
      kind: 'tensor',
      rank: 3,
      dims: ['B', 'N', 'P'],
      gradient: 'flows',
      doc: 'One token per patch, P = p*p*C values each.',
    },
  ],
  outputs: [
    { name: 'image', kind: 'tensor', rank: 4, dims: ['B', 'H', 'W', 'C'], doc: 'The NHWC image.' },
  ],
  params: {
    patch: { kind: 'int', default: 4, min: 1, max: 64, doc: 'Patch side p in pixels.' },
    height: {
      kind: 'int',
      default: 0,
      min: 0,
      max: 4096,
      doc: 'Image height H in pixels; 0 derives a square grid from the number of tokens.',
    },
    width: {
      kind: 'int',
      default: 0,
      min: 0,
      max: 4096,
      doc: 'Image width W in pixels (used when height is set).',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'tokens', diagnostics, { rank: 3, what: 'B x N x p*p*C tokens' });
    if (!x) return { outputs: {}, diagnostics };
    const { patch: p, height, width } = ctx.params;
    const [b, n, f] = x.shape as [Dim, Dim, Dim];
    const shown = `tokens (${formatShape(x.shape)})`;
    if (typeof f !== 'number' || f % (p * p) !== 0)
      return fail(
        'tokens',
        `The last axis of ${shown} must be a known multiple of p*p = ${p * p} (p*p*C values per patch); set the patch size to match, or project the tokens to p*p*C features first.`,
      );
    const c = f / (p * p);
    let rows: number;
    let cols: number;
    if (height === 0) {
      if (width !== 0)
        return fail(
          'tokens',
          `height is 0 (derive a square grid) but width is ${width}; set height too, or set width to 0.`,
        );
      const g = typeof n === 'number' ? Math.round(Math.sqrt(n)) : NaN;
      if (typeof n !== 'number' || g * g !== n)
        return fail(
          'tokens',
          `With height 0 the grid is square, but ${shown} has ${String(n)} tokens, ${typeof n === 'number' ? 'not a square number' : 'an unknown number'}; set height and width in pixels.`,
        );
      rows = g;
      cols = g;
    } else {
      if (height % p !== 0 || width % p !== 0 || width === 0)
        return fail(
          'tokens',
          `height ${height} and width ${width} must be positive multiples of the patch size ${p}; set them to the image size in pixels.`,
        );
      rows = height / p;
      cols = width / p;
      if (typeof n === 'number' && n !== rows * cols)
        return fail(
          'tokens',
          `${shown} has N = ${n} tokens, but a ${height} x ${width} image in ${p} x ${p} patches needs (${height}/${p})(${width}/${p}) = ${rows * cols}; set height and width so that N = (H/p)(W/p).`,
        );
    }
    return {
      outputs: { image: tensorType(x.dtype, [b, rows * p, cols * p, c]) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createUnpatchifyLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'shape/unpatchify/unpatchify.layer', factory: 'createUnpatchifyLayer' },
});
