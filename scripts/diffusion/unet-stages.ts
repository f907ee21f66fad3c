// The Down and Up stage modules of the pixel-space UNet (each calls the ResBlock module).
import type { DocModule } from '../../core/document/document.types';
import { call, conv, e, groupsParam, input, mod, n, output, widthParam } from './doc-builders';

// Down(width): x [B,H,W,width] -> skip [B,H,W,width], y [B,H/2,W/2,2 width].
export const downModule = (): DocModule =>
  mod(
    'down',
    'Down stage',
    'UNet encoder stage: a ResBlock of width channels (its output is the skip for the matching Up stage), ' +
      'then a 3x3 Conv2D of stride 2 to 2 x width channels halves H and W. x must have width channels.',
    { width: widthParam(32, 'Channels of x and skip; y has twice as many.'), groups: groupsParam },
    [
      input('x', 'x', 0, 0),
      input('temb', 'temb', 0, 1),
      n(
        'res',
        'module/instance',
        'ResBlock (width)',
        call('resblock', { width: '=width', groups: '=groups' }),
        1,
        0,
      ),
      n(
        'downsample',
        'layers/conv2d',
        'Conv 3x3, stride 2 (2 x width)',
        conv('=width * 2', 3, 2),
        2,
        0,
      ),
      output('skip', 'skip', 3, 1),
      output('y', 'y', 3, 0),
    ],
    [
      e('x.value', 'res.x'),
      e('temb.value', 'res.temb'),
      e('res.y', 'downsample.x'),
      e('res.y', 'skip.value'),
      e('downsample.y', 'y.value'),
    ],
  );

// Up(width): x [B,H/2,W/2,C], skip [B,H,W,width] -> y [B,H,W,width].
export const upModule = (): DocModule =>
  mod(
    'up',
    'Up stage',
    'UNet decoder stage: nearest Upsample doubles H and W of x, Concat joins the skip of the matching Down ' +
      'stage on the channels, a 1x1 Conv2D brings them to width, then a ResBlock of width channels.',
    { width: widthParam(32, 'Channels of skip and y.'), groups: groupsParam },
    [
      input('x', 'x', 0, 0),
      input('skip', 'skip', 0, 1),
      input('temb', 'temb', 0, 2),
      n('upsample', 'resample/upsample', 'Upsample x2', { factor: 2, mode: 'nearest' }, 1, 0),
      n('concat', 'shape/concat', 'Concat skip', { axis: -1 }, 2, 0),
      n('proj', 'layers/conv2d', 'Conv 1x1 (width)', conv('=width', 1), 3, 0),
      n(
        'res',
        'module/instance',
        'ResBlock (width)',
        call('resblock', { width: '=width', groups: '=groups' }),
        4,
        0,
      ),
      output('y', 'y', 5, 0),
    ],
    [
      e('x.value', 'upsample.x'),
      e('upsample.y', 'concat.a'),
      e('skip.value', 'concat.b'),
      e('concat.y', 'proj.x'),
      e('proj.y', 'res.x'),
      e('temb.value', 'res.temb'),
      e('res.y', 'y.value'),
    ],
  );
