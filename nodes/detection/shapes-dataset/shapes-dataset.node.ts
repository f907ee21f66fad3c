// b batch, s image side, m maxObjects (padded object slots); boxes normalised to [0, 1].
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createShapesDatasetLayer } from './shapes-dataset.layer';
import { SHAPE_CLASSES } from './shapes-scene';

const int = (def: number, min: number, max: number, doc: string) =>
  ({ kind: 'int', default: def, min, max, doc }) as const;

export const shapesDatasetNode = defineNode({
  id: 'detection/shapes-dataset',
  version: 1,
  title: 'Shapes Detection Set',
  category: 'data',
  role: 'dataset',
  doc:
    `Procedural object detection: seeded S x S RGB images with minObjects..maxObjects solid shapes (${SHAPE_CLASSES.join(', ')}; ` +
    'the first `classes` of them) of random side and colour on a dark background, never overlapping, with their class labels and ' +
    'tight boxes (the extent of the drawn pixels), normalised to [0, 1] as cx, cy, w, h (DETR) or x0, y0, x1, y1. Every image has ' +
    'maxObjects slots: the unused ones are padding, with mask 0 and label = classes (the no-object class of a DETR head). The ' +
    'test split (testImages scenes) is disjoint from the training split (trainImages scenes): each image is redrawn from a hash ' +
    'of (seed, split, index), so nothing is stored and any run sees the same data.',
  inputs: [],
  outputs: [
    {
      name: 'image',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'S', 'S', '3'],
      gradient: 'none',
      doc: 'Images in [0, 1], NHWC.',
    },
    {
      name: 'boxes',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'M', '4'],
      gradient: 'none',
      doc: 'Normalised boxes per object slot (0 for padding).',
    },
    {
      name: 'labels',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'M'],
      gradient: 'none',
      doc: 'Class per slot; padding has label = classes (no object).',
    },
    {
      name: 'mask',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', 'M'],
      gradient: 'none',
      doc: '1 for a real object, 0 for padding.',
    },
  ],
  params: {
    size: int(32, 8, 256, 'Image side S in pixels.'),
    minObjects: int(1, 0, 32, 'Fewest objects in an image.'),
    maxObjects: int(6, 1, 32, 'Most objects in an image: also M, the padded number of slots.'),
    classes: int(
      3,
      1,
      SHAPE_CLASSES.length,
      `Shape classes used, in this order: ${SHAPE_CLASSES.join(', ')}.`,
    ),
    minSide: int(6, 3, 256, 'Smallest shape side in pixels.'),
    maxSide: int(14, 3, 256, 'Largest shape side in pixels (at most size).'),
    trainImages: int(20000, 1, 10000000, 'Distinct scenes in the training split.'),
    testImages: int(512, 1, 1000000, 'Distinct scenes in the held-out split.'),
    seed: int(1, 0, 2147483647, 'Seed of the scenes (independent of the training seed).'),
    boxFormat: {
      kind: 'enum',
      default: 'cxcywh',
      options: ['cxcywh', 'xyxy'],
      doc: 'Box layout: cx, cy, w, h (DETR) or x0, y0, x1, y1. The Hungarian loss must be told the same.',
    },
  },
  inferShapes: ({ params: p }) => {
    const diagnostics: PortDiagnostic[] = [];
    if (p.minObjects > p.maxObjects)
      diagnostics.push({
        severity: 'error',
        message: `minObjects (${p.minObjects}) is more than maxObjects (${p.maxObjects}); lower minObjects or raise maxObjects.`,
      });
    if (p.minSide > p.maxSide || p.maxSide > p.size)
      diagnostics.push({
        severity: 'error',
        message: `Shape sides must satisfy minSide <= maxSide <= size (got ${p.minSide}, ${p.maxSide}, ${p.size}); change minSide, maxSide or size.`,
      });
    else if (p.maxObjects * (p.minSide + 1) ** 2 > p.size * p.size)
      diagnostics.push({
        severity: 'warning',
        message: `${p.maxObjects} shapes of side ${p.minSide} or more rarely fit without overlap on ${p.size} x ${p.size}; images will often hold fewer. Raise size or lower maxObjects / minSide.`,
      });
    const b = 'B';
    const m = p.maxObjects;
    return {
      outputs: {
        image: tensorType('float32', [b, p.size, p.size, 3]),
        boxes: tensorType('float32', [b, m, 4]),
        labels: tensorType('int32', [b, m]),
        mask: tensorType('float32', [b, m]),
      },
      diagnostics,
    };
  },
  build: (tf, params) => createShapesDatasetLayer(tf, params),
  cost: weightlessCost,
  emit: {
    layerModule: 'detection/shapes-dataset/shapes-dataset.layer',
    factory: 'createShapesDatasetLayer',
  },
});
