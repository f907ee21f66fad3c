// b batch, h w spatial, c channels (NHWC); the view keeps B and C, and H x W (or size x size).
import { weightlessCost } from '../../../core/node-contract/cost';
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { shapesAgree, tensorInput } from '../../shared/shape-checks';
import { createAugmentLayer } from './augment.layer';

export const augmentNode = defineNode({
  id: 'ssl/augment',
  version: 1,
  title: 'Augment (SimCLR view)',
  category: 'data',
  role: 'layer',
  doc:
    'One random view of an image batch, as SimCLR makes them: a random resized crop (a box of ' +
    'scaleMin..scaleMax of the area, aspect ratio ratioMin..ratioMax, resized back to the input size ' +
    'or to size x size), a horizontal flip with probability flip, a brightness shift up to ±brightness ' +
    'and Gaussian noise of std noiseStd. The draws are seeded by (seed, step): the same step always ' +
    'gives the same view, and two Augment nodes with different seeds give two different views of the ' +
    'same batch (the positive pair of the contrastive loss). Connect the other view to `pair` to have the ' +
    'two shapes checked. Data only: no gradient flows back.',
  paper: {
    citation:
      'Chen, Kornblith, Norouzi, Hinton, A Simple Framework for Contrastive Learning of Visual Representations (SimCLR, 2020), section 3 and appendix A',
    url: 'https://arxiv.org/abs/2002.05709',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'none',
      doc: 'Images, B x H x W x C.',
    },
    {
      name: 'pair',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', 'H', 'W', 'C'],
      optional: true,
      gradient: 'none',
      doc: 'Optional: the other view of the pair, only to check that both views have one shape (its values are not used).',
    },
  ],
  outputs: [
    {
      name: 'view',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', 'C'],
      gradient: 'none',
      doc: 'The augmented batch, same B and C; H x W unless size is set.',
    },
  ],
  params: {
    scaleMin: {
      kind: 'float',
      default: 0.3,
      min: 0.01,
      max: 1,
      doc: 'Smallest crop, as a fraction of the image area (SimCLR: 0.08 on ImageNet).',
    },
    scaleMax: { kind: 'float', default: 1, min: 0.01, max: 1, doc: 'Largest crop area fraction.' },
    ratioMin: {
      kind: 'float',
      default: 0.75,
      min: 0.1,
      max: 10,
      doc: 'Smallest aspect ratio w/h.',
    },
    ratioMax: {
      kind: 'float',
      default: 4 / 3,
      min: 0.1,
      max: 10,
      doc: 'Largest aspect ratio w/h.',
    },
    flip: { kind: 'float', default: 0.5, min: 0, max: 1, doc: 'Probability of a left-right flip.' },
    noiseStd: {
      kind: 'float',
      default: 0.05,
      min: 0,
      max: 10,
      doc: 'Std of added Gaussian noise.',
    },
    brightness: {
      kind: 'float',
      default: 0,
      min: 0,
      max: 1,
      doc: 'Largest brightness shift (added to every pixel of an example); 0 turns it off.',
    },
    size: {
      kind: 'int',
      default: 0,
      min: 0,
      max: 4096,
      doc: 'Output height and width; 0 keeps the input size (the usual choice: both views must match).',
    },
    seed: {
      kind: 'int',
      default: 1,
      min: 0,
      max: 2147483647,
      doc: 'Seed of this view; give the two views different seeds.',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics, { rank: 4, what: 'images B x H x W x C' });
    const p = ctx.params;
    if (p.scaleMin > p.scaleMax)
      diagnostics.push({
        severity: 'error',
        message: `Augment: scaleMin ${p.scaleMin} is above scaleMax ${p.scaleMax}; set scaleMin <= scaleMax.`,
      });
    if (p.ratioMin > p.ratioMax)
      diagnostics.push({
        severity: 'error',
        message: `Augment: ratioMin ${p.ratioMin} is above ratioMax ${p.ratioMax}; set ratioMin <= ratioMax.`,
      });
    if (!x) return { outputs: {}, diagnostics };
    const [b, h, w, c] = x.shape;
    const shape = p.size > 0 ? [b!, p.size, p.size, c!] : [b!, h!, w!, c!];
    const other = tensorInput(ctx, 'pair', diagnostics, { optional: true });
    if (other && !shapesAgree(other.shape, shape))
      diagnostics.push({
        severity: 'error',
        port: 'pair',
        message: `This view would be ${formatShape(shape)} but the view it pairs with is ${formatShape(other.shape)}; the two views go through one encoder and must have one shape: give both Augment nodes the same size (0 keeps the input size).`,
      });
    return { outputs: { view: tensorType('float32', shape) }, diagnostics };
  },
  build: (tf, params, ctx) => createAugmentLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'ssl/augment/augment.layer', factory: 'createAugmentLayer' },
});
