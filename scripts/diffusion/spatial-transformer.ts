// The SpatialTransformer module (Stable Diffusion's attention block) with cross-attention to a
// caption: a token sequence c [B, L, D] and its padding mask [B, L].
import type { DocModule } from '../../core/document/document.types';
import {
  dense,
  e,
  gn,
  groupsParam,
  headsParam,
  input,
  mod,
  n,
  output,
  widthParam,
} from './doc-builders';

// SpatialTransformer(width, heads): x [B,side,side,width], c [B,L,D], mask [B,L] -> y like x.
export const spatialTransformerModule = (side: number): DocModule => {
  const tokens = side * side;
  return mod(
    'spatial-transformer',
    'SpatialTransformer',
    `The attention block of the Stable Diffusion UNet (Rombach et al. 2022), on a ${side} x ${side} grid: ` +
      `GroupNorm, Reshape to ${tokens} tokens, then pre-norm self-attention, cross-attention to the caption ` +
      '(queries from the image tokens, keys and values from the text encoder’s sequence c, padded tokens ' +
      'hidden by the mask as keyMask) and a GELU feed-forward, each with a residual, Reshape back and add x. ' +
      'diffusers: Transformer2DModel with BasicTransformerBlock (no proj_in / proj_out).',
    {
      width: widthParam(64, 'Channels of x and y (the token width).'),
      heads: headsParam(),
      groups: groupsParam,
    },
    [
      input('x', 'x', 0, 0),
      input('c', 'c', 0, 2),
      input('mask', 'mask', 0, 3),
      n('norm', 'normalization/group-norm', 'GroupNorm', gn('=groups'), 1, 0),
      n(
        'tokens',
        'shape/reshape',
        `Reshape to ${tokens} tokens`,
        { shape: `B, ${tokens}, -1` },
        2,
        0,
      ),
      n('ln1', 'normalization/layer-norm', 'LayerNorm', { eps: 1e-5 }, 3, 1),
      n(
        'self-attn',
        'attention/multi-head-attention',
        'Self-attention',
        { heads: '=heads', causal: false },
        4,
        1,
      ),
      n('add1', 'math/add', '+ self-attention', {}, 5, 0),
      n('ln2', 'normalization/layer-norm', 'LayerNorm', { eps: 1e-5 }, 6, 1),
      n(
        'cross-attn',
        'attention/multi-head-attention',
        'Cross-attention to the caption',
        { heads: '=heads', causal: false },
        7,
        1,
      ),
      n('add2', 'math/add', '+ cross-attention', {}, 8, 0),
      n('ln3', 'normalization/layer-norm', 'LayerNorm', { eps: 1e-5 }, 9, 1),
      n('ff1', 'layers/dense', 'Dense (4 x width)', dense('=width * 4'), 10, 1),
      n('gelu', 'activation/gelu', 'GELU', { approximate: 'none' }, 11, 1),
      n('ff2', 'layers/dense', 'Dense (width)', dense('=width'), 12, 1),
      n('add3', 'math/add', '+ feed-forward', {}, 13, 0),
      n(
        'grid',
        'shape/reshape',
        `Reshape to ${side} x ${side}`,
        { shape: `B, ${side}, ${side}, -1` },
        14,
        0,
      ),
      n('residual', 'math/add', 'x + h', {}, 15, 0),
      output('y', 'y', 16, 0),
    ],
    [
      e('x.value', 'norm.x'),
      e('norm.y', 'tokens.x'),
      e('tokens.y', 'ln1.x'),
      e('ln1.y', 'self-attn.x'),
      e('tokens.y', 'add1.a'),
      e('self-attn.y', 'add1.b'),
      e('add1.y', 'ln2.x'),
      e('ln2.y', 'cross-attn.x'),
      e('c.value', 'cross-attn.context'),
      e('mask.value', 'cross-attn.keyMask'),
      e('add1.y', 'add2.a'),
      e('cross-attn.y', 'add2.b'),
      e('add2.y', 'ln3.x'),
      e('ln3.y', 'ff1.x'),
      e('ff1.y', 'gelu.x'),
      e('gelu.y', 'ff2.x'),
      e('add2.y', 'add3.a'),
      e('ff2.y', 'add3.b'),
      e('add3.y', 'grid.x'),
      e('grid.y', 'residual.a'),
      e('x.value', 'residual.b'),
      e('residual.y', 'y.value'),
    ],
  );
};
