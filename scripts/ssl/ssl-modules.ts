// The modules of the self-supervised templates, built from primitives a user can open: the conv
// encoder shared by SimCLR's two views (and by the probe), SimCLR's projection head, and the
// decoder of masked pre-training.
import type { DocModule } from '../../core/document/document.types';
import { conv, convT, dense, e, input, mod, n, output } from '../diffusion/doc-builders';

/** 28 x 28 x 1 -> conv 3x3/2 (32) -> conv 3x3/2 (64) -> flatten -> dense (width) -> h, ReLU throughout. */
export const sslEncoderModule = (width: number): DocModule =>
  mod(
    'encoder',
    'Encoder',
    `The representation f(x) = h that pre-training learns and the linear probe reads: two stride-2 3x3 convolutions (32 and 64 maps, 28 -> 14 -> 7), flatten, dense to ${width} features, ReLU after each. Every instance uses the shared weights: the two views and the probe see one network.`,
    {},
    [
      input('x', 'x', 0, 0, 'B, 28, 28, 1'),
      n('conv1', 'layers/conv2d', 'Conv 3x3/2, 32', conv(32, 3, 2), 1, 0),
      n('relu1', 'activation/relu', 'ReLU', {}, 2, 0),
      n('conv2', 'layers/conv2d', 'Conv 3x3/2, 64', conv(64, 3, 2), 3, 0),
      n('relu2', 'activation/relu', 'ReLU', {}, 4, 0),
      n('flatten', 'shape/flatten', 'Flatten', {}, 5, 0),
      n('fc', 'layers/dense', `Dense ${width}`, dense(width, 'he-normal'), 6, 0),
      n('relu3', 'activation/relu', 'ReLU', {}, 7, 0),
      output('h', 'h', 8, 0),
    ],
    [
      e('x.value', 'conv1.x'),
      e('conv1.y', 'relu1.x'),
      e('relu1.y', 'conv2.x'),
      e('conv2.y', 'relu2.x'),
      e('relu2.y', 'flatten.x'),
      e('flatten.y', 'fc.x'),
      e('fc.y', 'relu3.x'),
      e('relu3.y', 'h.value'),
    ],
  );

/** SimCLR's projection head g(h) = W2 relu(W1 h): the loss is computed on z, the probe uses h. */
export const projectionModule = (width: number, hidden: number, out: number): DocModule =>
  mod(
    'projection',
    'Projection head',
    `SimCLR's MLP g: dense ${hidden}, ReLU, dense ${out}. The contrastive loss is applied to z = g(h); the paper found h before the head the better representation (section 4.2).`,
    {},
    [
      input('h', 'h', 0, 0, `B, ${width}`),
      n('fc1', 'layers/dense', `Dense ${hidden}`, dense(hidden, 'he-normal'), 1, 0),
      n('relu', 'activation/relu', 'ReLU', {}, 2, 0),
      n('fc2', 'layers/dense', `Dense ${out}`, dense(out), 3, 0),
      output('z', 'z', 4, 0),
    ],
    [e('h.value', 'fc1.x'), e('fc1.y', 'relu.x'), e('relu.y', 'fc2.x'), e('fc2.y', 'z.value')],
  );

/** h -> dense 7*7*32 -> reshape -> convT 4x4/2 (32) -> convT 4x4/2 (1) -> sigmoid: 28 x 28 x 1. */
export const sslDecoderModule = (width: number): DocModule =>
  mod(
    'decoder',
    'Decoder',
    'Reconstructs the whole image from the features of the masked one: dense to 7 x 7 x 32, two stride-2 4x4 transposed convolutions (7 -> 14 -> 28), sigmoid. Only the hidden patches are graded.',
    {},
    [
      input('h', 'h', 0, 0, `B, ${width}`),
      n('fc', 'layers/dense', 'Dense 7x7x32', dense(7 * 7 * 32, 'he-normal'), 1, 0),
      n('relu0', 'activation/relu', 'ReLU', {}, 2, 0),
      n('reshape', 'shape/reshape', 'Reshape B, 7, 7, 32', { shape: 'B, 7, 7, 32' }, 3, 0),
      n('up1', 'layers/conv-transpose2d', 'ConvT 4x4/2, 32', convT(32, 4, 2), 4, 0),
      n('relu1', 'activation/relu', 'ReLU', {}, 5, 0),
      n(
        'up2',
        'layers/conv-transpose2d',
        'ConvT 4x4/2, 1',
        { ...convT(1, 4, 2), init: 'glorot-uniform' },
        6,
        0,
      ),
      n('sigmoid', 'activation/sigmoid', 'Sigmoid', {}, 7, 0),
      output('image', 'image', 8, 0),
    ],
    [
      e('h.value', 'fc.x'),
      e('fc.y', 'relu0.x'),
      e('relu0.y', 'reshape.x'),
      e('reshape.y', 'up1.x'),
      e('up1.y', 'relu1.x'),
      e('relu1.y', 'up2.x'),
      e('up2.y', 'sigmoid.x'),
      e('sigmoid.y', 'image.value'),
    ],
  );
