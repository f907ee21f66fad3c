// The stage-1 autoencoder of the latent-diffusion template, from primitives: a KL-regularised
// encoder (28 x 28 x 1 -> mean and log-variance of a 7 x 7 x C latent) and its decoder.
import type { DocModule } from '../../core/document/document.types';
import { conv, convT, e, input, mod, n, output } from './doc-builders';

// Encoder: x [B,28,28,1] -> mean, logvar [B,7,7,C].
export const klEncoderModule = (channels: number): DocModule =>
  mod(
    'encoder',
    'Encoder',
    'The encoder of the KL autoencoder (Rombach et al. 2022, sec. 3.1; diffusers AutoencoderKL, much ' +
      'smaller): a 3x3 Conv2D (32) at 28 x 28, two stride-2 3x3 Conv2Ds (64) down to 7 x 7, each followed ' +
      `by SiLU, and a 3x3 Conv2D to 2 x ${channels} channels split into the mean and the log-variance of ` +
      `the ${channels}-channel latent (the Diagonal Gaussian node samples it and gives the KL term).`,
    {},
    [
      input('x', 'x', 0, 0, 'B, 28, 28, 1', 'float32'),
      n('conv1', 'layers/conv2d', 'Conv 3x3 (32)', conv(32, 3), 1, 0),
      n('act1', 'activation/silu', 'SiLU', {}, 2, 0),
      n('down1', 'layers/conv2d', 'Conv 3x3, stride 2 (64)', conv(64, 3, 2), 3, 0),
      n('act2', 'activation/silu', 'SiLU', {}, 4, 0),
      n('down2', 'layers/conv2d', 'Conv 3x3, stride 2 (64)', conv(64, 3, 2), 5, 0),
      n('act3', 'activation/silu', 'SiLU', {}, 6, 0),
      n('moments', 'layers/conv2d', `Conv 3x3 (2 x ${channels})`, conv(2 * channels, 3), 7, 0),
      n(
        'split',
        'shape/split',
        'Split mean | log-variance',
        { sizes: [channels, channels], axis: -1 },
        8,
        0,
      ),
      output('mean', 'mean', 9, 0),
      output('logvar', 'logvar', 9, 1),
    ],
    [
      e('x.value', 'conv1.x'),
      e('conv1.y', 'act1.x'),
      e('act1.y', 'down1.x'),
      e('down1.y', 'act2.x'),
      e('act2.y', 'down2.x'),
      e('down2.y', 'act3.x'),
      e('act3.y', 'moments.x'),
      e('moments.y', 'split.x'),
      e('split.out0', 'mean.value'),
      e('split.out1', 'logvar.value'),
    ],
  );

// Decoder: z [B,7,7,C] -> image [B,28,28,1] in [0, 1].
export const klDecoderModule = (channels: number): DocModule =>
  mod(
    'decoder',
    'Decoder',
    'The decoder of the KL autoencoder: a 3x3 Conv2D (64) at 7 x 7, two stride-2 ConvTranspose2Ds ' +
      '(kernel 4: 64, then 32 channels) up to 28 x 28, each followed by SiLU, a 3x3 Conv2D to one channel ' +
      'and a Sigmoid. Stage 1 trains it on reconstructions; in stage 2 it is frozen and turns the ' +
      'sampled latents back into images.',
    {},
    [
      input('z', 'z', 0, 0, `B, 7, 7, ${channels}`, 'float32'),
      n('conv-in', 'layers/conv2d', 'Conv 3x3 (64)', conv(64, 3), 1, 0),
      n('act1', 'activation/silu', 'SiLU', {}, 2, 0),
      n(
        'up1',
        'layers/conv-transpose2d',
        'ConvTranspose 4x4, stride 2 (64)',
        convT(64, 4, 2),
        3,
        0,
      ),
      n('act2', 'activation/silu', 'SiLU', {}, 4, 0),
      n(
        'up2',
        'layers/conv-transpose2d',
        'ConvTranspose 4x4, stride 2 (32)',
        convT(32, 4, 2),
        5,
        0,
      ),
      n('act3', 'activation/silu', 'SiLU', {}, 6, 0),
      n('conv-out', 'layers/conv2d', 'Conv 3x3 (1)', conv(1, 3, 1, 'glorot-uniform'), 7, 0),
      n('sigmoid', 'activation/sigmoid', 'Sigmoid', {}, 8, 0),
      output('image', 'image', 9, 0),
    ],
    [
      e('z.value', 'conv-in.x'),
      e('conv-in.y', 'act1.x'),
      e('act1.y', 'up1.x'),
      e('up1.y', 'act2.x'),
      e('act2.y', 'up2.x'),
      e('up2.y', 'act3.x'),
      e('act3.y', 'conv-out.x'),
      e('conv-out.y', 'sigmoid.x'),
      e('sigmoid.y', 'image.value'),
    ],
  );
