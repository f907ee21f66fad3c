// The denoisers eps(x_t, t, c, mask) of the diffusion templates, as modules of the ResBlock, Down,
// Up and SpatialTransformer modules: a pixel-space UNet for 28 x 28 x 1 images (ddpm) and a
// one-level UNet for 7 x 7 latents (latent-diffusion).
import type { DocEdge, DocModule, DocNode } from '../../core/document/document.types';
import {
  call,
  conv,
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

export interface Conditioning {
  /** Tokens per caption L and the text encoder's width D. */
  length: number;
  contextWidth: number;
}

/** Module inputs x, t, c, mask and the time embedding Sinusoidal -> Dense -> SiLU -> Dense. */
const unetInputs = (
  x: string,
  k: Conditioning,
  tembWidth: string,
  sinWidth: string,
): { nodes: DocNode[]; edges: DocEdge[] } => ({
  nodes: [
    input('x', 'x', 0, 0, x, 'float32'),
    input('t', 't', 0, 3, 'B', 'int32'),
    input('c', 'c', 0, 4, `B, ${k.length}, ${k.contextWidth}`, 'float32'),
    input('mask', 'mask', 0, 5, `B, ${k.length}`, 'float32'),
    n(
      'temb-sin',
      'position/sinusoidal',
      'Sinusoidal(t)',
      { dim: sinWidth, maxPeriod: 10000 },
      1,
      3,
    ),
    n('temb-dense1', 'layers/dense', `Dense (${tembWidth})`, dense(`=${tembWidth}`), 2, 3),
    n('temb-act', 'activation/silu', 'SiLU', {}, 3, 3),
    n('temb-dense2', 'layers/dense', `Dense (${tembWidth})`, dense(`=${tembWidth}`), 4, 3),
  ],
  edges: [
    e('t.value', 'temb-sin.t'),
    e('temb-sin.emb', 'temb-dense1.x'),
    e('temb-dense1.y', 'temb-act.x'),
    e('temb-act.y', 'temb-dense2.x'),
  ],
});

const res = (id: string, label: string, width: string, col: number): DocNode =>
  n(id, 'module/instance', label, call('resblock', { width, groups: '=groups' }), col, 0);

const attention = (id: string, width: string, col: number, side: number): DocNode =>
  n(
    id,
    'module/instance',
    `SpatialTransformer ${side} x ${side}`,
    call('spatial-transformer', { width, heads: '=heads', groups: '=groups' }),
    col,
    0,
  );

// PixelUNet(width): x [B,28,28,1], t int32 [B], c [B,L,D], mask [B,L] -> eps [B,28,28,1].
export const pixelUnetModule = (k: Conditioning): DocModule => {
  const head = unetInputs('B, 28, 28, 1', k, 'width * 2', '=width');
  return mod(
    'unet',
    'UNet',
    'The denoiser eps(x_t, t, c): a UNet (Ronneberger et al. 2015) as in DDPM (Ho et al. 2020) with the ' +
      'cross-attention text conditioning of Stable Diffusion (Rombach et al. 2022), kept small for a CPU. ' +
      'Time embedding: Sinusoidal(t) -> Dense -> SiLU -> Dense (2 x width), fed to every ResBlock. ' +
      '28 x 28: a 3x3 Conv2D in (width / 2 channels) and a stride-2 Conv2D to width; 14 x 14: a Down stage ' +
      '(ResBlock of width, stride-2 Conv2D to 2 x width); 7 x 7: ResBlock, SpatialTransformer ' +
      '(self-attention, and cross-attention to the caption c with its padding mask), ResBlock, all of ' +
      '2 x width; then an Up stage back to 14 x 14 (with the skip), Upsample to 28 x 28, Concat with the ' +
      'input conv, a 1x1 Conv2D, GroupNorm, SiLU and a 3x3 Conv2D to the predicted noise. The ResBlock ' +
      'module serves both levels at its own width (32 and 64 by default); the 28 x 28 level has no ' +
      'ResBlock, which keeps a training step on a CPU well under a second.',
    {
      width: widthParam(
        32,
        'Channels at 14 x 14 (and of the time embedding: 2 x width); width / 2 at 28 x 28, 2 x width at 7 x 7.',
      ),
      groups: groupsParam,
      heads: headsParam('Attention heads at 7 x 7; must divide 2 x width.'),
    },
    [
      ...head.nodes,
      n('conv-in', 'layers/conv2d', 'Conv 3x3 in (width / 2)', conv('=width // 2', 3), 1, 0),
      n('down28', 'layers/conv2d', 'Conv 3x3, stride 2 (width)', conv('=width', 3, 2), 2, 0),
      n(
        'down14',
        'module/instance',
        'Down 14 -> 7',
        call('down', { width: '=width', groups: '=groups' }),
        3,
        0,
      ),
      res('mid1', 'ResBlock 7 x 7', '=width * 2', 4),
      attention('mid-attn', '=width * 2', 5, 7),
      res('mid2', 'ResBlock 7 x 7', '=width * 2', 6),
      n(
        'up14',
        'module/instance',
        'Up 7 -> 14',
        call('up', { width: '=width', groups: '=groups' }),
        7,
        0,
      ),
      n('up28', 'resample/upsample', 'Upsample x2', { factor: 2, mode: 'nearest' }, 8, 0),
      n('concat28', 'shape/concat', 'Concat input conv', { axis: -1 }, 9, 0),
      n('conv28', 'layers/conv2d', 'Conv 1x1 (width / 2)', conv('=width // 2', 1), 10, 0),
      n('norm-out', 'normalization/group-norm', 'GroupNorm', gn('=groups'), 11, 0),
      n('act-out', 'activation/silu', 'SiLU', {}, 12, 0),
      n('conv-out', 'layers/conv2d', 'Conv 3x3 out (1)', conv(1, 3, 1, 'normal-0.02'), 13, 0),
      output('eps', 'eps', 14, 0),
    ],
    [
      ...head.edges,
      e('x.value', 'conv-in.x'),
      e('conv-in.y', 'down28.x'),
      e('down28.y', 'down14.x'),
      e('temb-dense2.y', 'down14.temb'),
      e('down14.y', 'mid1.x'),
      e('temb-dense2.y', 'mid1.temb'),
      e('mid1.y', 'mid-attn.x'),
      e('c.value', 'mid-attn.c'),
      e('mask.value', 'mid-attn.mask'),
      e('mid-attn.y', 'mid2.x'),
      e('temb-dense2.y', 'mid2.temb'),
      e('mid2.y', 'up14.x'),
      e('down14.skip', 'up14.skip'),
      e('temb-dense2.y', 'up14.temb'),
      e('up14.y', 'up28.x'),
      e('up28.y', 'concat28.a'),
      e('conv-in.y', 'concat28.b'),
      e('concat28.y', 'conv28.x'),
      e('conv28.y', 'norm-out.x'),
      e('norm-out.y', 'act-out.x'),
      e('act-out.y', 'conv-out.x'),
      e('conv-out.y', 'eps.value'),
    ],
  );
};

// LatentUNet(width): z_t [B,7,7,C], t int32 [B], c [B,L,D], mask [B,L] -> eps [B,7,7,C].
export const latentUnetModule = (k: Conditioning, channels: number): DocModule => {
  const head = unetInputs(`B, 7, 7, ${channels}`, k, 'width * 2', '=width');
  return mod(
    'latent-unet',
    'Latent UNet',
    'The denoiser of latent diffusion (Rombach et al. 2022) on the 7 x 7 latents of the stage-1 ' +
      'autoencoder, one level deep since 7 x 7 halves no further: a 3x3 Conv2D in (width), a ResBlock, a ' +
      'SpatialTransformer (self-attention over the 49 latent positions, cross-attention to the caption c ' +
      'with its padding mask), a ResBlock, a Concat with the input conv (the skip) and a 1x1 Conv2D, a ' +
      'third ResBlock, then GroupNorm, SiLU and a 3x3 Conv2D to the predicted noise of every latent ' +
      'channel. Time embedding Sinusoidal(t) -> Dense -> SiLU -> Dense (2 x width) feeds every ResBlock. ' +
      'The same ResBlock and SpatialTransformer modules as the pixel-space ddpm template.',
    {
      width: widthParam(64, 'Channels of every level (the time embedding has 2 x width).'),
      groups: groupsParam,
      heads: headsParam('Attention heads; must divide width.'),
    },
    [
      ...head.nodes,
      n('conv-in', 'layers/conv2d', 'Conv 3x3 in (width)', conv('=width', 3), 1, 0),
      res('res1', 'ResBlock 1', '=width', 2),
      attention('attn', '=width', 3, 7),
      res('res2', 'ResBlock 2', '=width', 4),
      n('concat', 'shape/concat', 'Concat input conv', { axis: -1 }, 5, 0),
      n('proj', 'layers/conv2d', 'Conv 1x1 (width)', conv('=width', 1), 6, 0),
      res('res3', 'ResBlock 3', '=width', 7),
      n('norm-out', 'normalization/group-norm', 'GroupNorm', gn('=groups'), 8, 0),
      n('act-out', 'activation/silu', 'SiLU', {}, 9, 0),
      n(
        'conv-out',
        'layers/conv2d',
        `Conv 3x3 out (${channels})`,
        conv(channels, 3, 1, 'normal-0.02'),
        10,
        0,
      ),
      output('eps', 'eps', 11, 0),
    ],
    [
      ...head.edges,
      e('x.value', 'conv-in.x'),
      e('conv-in.y', 'res1.x'),
      e('temb-dense2.y', 'res1.temb'),
      e('res1.y', 'attn.x'),
      e('c.value', 'attn.c'),
      e('mask.value', 'attn.mask'),
      e('attn.y', 'res2.x'),
      e('temb-dense2.y', 'res2.temb'),
      e('res2.y', 'concat.a'),
      e('conv-in.y', 'concat.b'),
      e('concat.y', 'proj.x'),
      e('proj.y', 'res3.x'),
      e('temb-dense2.y', 'res3.temb'),
      e('res3.y', 'norm-out.x'),
      e('norm-out.y', 'act-out.x'),
      e('act-out.y', 'conv-out.x'),
      e('conv-out.y', 'eps.value'),
    ],
  );
};
