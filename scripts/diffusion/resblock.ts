// The ResBlock module shared by the diffusion templates' UNets (DDPM, Ho et al. 2020).
import type { DocModule } from '../../core/document/document.types';
import { conv, dense, e, gn, groupsParam, input, mod, n, output, widthParam } from './doc-builders';

// ResBlock(width, groups): x [B,H,W,width], temb [B,E] -> y [B,H,W,width].
export const resblockModule = (): DocModule =>
  mod(
    'resblock',
    'ResBlock',
    'Residual block of the DDPM UNet (Ho et al. 2020, the Wide ResNet block of PixelCNN++ with a timestep ' +
      'input): h = Conv3x3(SiLU(GroupNorm(x))) + Dense(SiLU(temb)) broadcast over H and W; ' +
      'y = x + Conv3x3(SiLU(GroupNorm(h))). x must already have width channels (a stride-2 or 1x1 Conv2D ' +
      'in front brings it there), so the skip is the identity; groups must divide width. One module ' +
      'serves every level of a UNet: each instance sets its own width and owns its weights. diffusers: ' +
      'ResnetBlock2D (without the conv_shortcut).',
    {
      width: widthParam(32, 'Channels of x, of both convolutions and of y.'),
      groups: groupsParam,
    },
    [
      input('x', 'x', 0, 0),
      input('temb', 'temb', 0, 2),
      n('norm1', 'normalization/group-norm', 'GroupNorm 1', gn('=groups'), 1, 0),
      n('act1', 'activation/silu', 'SiLU', {}, 2, 0),
      n('conv1', 'layers/conv2d', 'Conv 3x3 (width)', conv('=width', 3), 3, 0),
      n('temb-act', 'activation/silu', 'SiLU', {}, 1, 2),
      n('temb-proj', 'layers/dense', 'Dense (width)', dense('=width'), 2, 2),
      n(
        'temb-reshape',
        'shape/reshape',
        'Reshape B x 1 x 1 x width',
        { shape: 'B, 1, 1, -1' },
        3,
        2,
      ),
      n('add-temb', 'math/add', 'h + temb', {}, 4, 0),
      n('norm2', 'normalization/group-norm', 'GroupNorm 2', gn('=groups'), 5, 0),
      n('act2', 'activation/silu', 'SiLU', {}, 6, 0),
      n('conv2', 'layers/conv2d', 'Conv 3x3 (width)', conv('=width', 3), 7, 0),
      n('skip', 'math/add', 'x + h', {}, 8, 1),
      output('y', 'y', 9, 1),
    ],
    [
      e('x.value', 'norm1.x'),
      e('norm1.y', 'act1.x'),
      e('act1.y', 'conv1.x'),
      e('temb.value', 'temb-act.x'),
      e('temb-act.y', 'temb-proj.x'),
      e('temb-proj.y', 'temb-reshape.x'),
      e('conv1.y', 'add-temb.a'),
      e('temb-reshape.y', 'add-temb.b'),
      e('add-temb.y', 'norm2.x'),
      e('norm2.y', 'act2.x'),
      e('act2.y', 'conv2.x'),
      e('conv2.y', 'skip.a'),
      e('x.value', 'skip.b'),
      e('skip.y', 'y.value'),
    ],
  );
