// b batch, h w image side, q queries, k1 classes + 1, m target slots -> y [b, h*scale, w*scale, 3].
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { mulDim, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createBoxOverlayLayer } from './box-overlay.layer';

export const boxOverlayNode = defineNode({
  id: 'detection/box-overlay',
  version: 1,
  title: 'Box Overlay',
  category: 'detection',
  role: 'layer',
  doc:
    'Draws detections on the images for a preview: each image scaled up `scale` times, the true boxes (targetBoxes where ' +
    'targetMask is 1) in white and every query whose best real class has probability >= threshold as a box in its class ' +
    'colour (red, green, blue, yellow, ...), as DETR’s post-processing reads them. Point a samples preview at y. ' +
    'Computed on values: no gradient flows through it.',
  inputs: [
    {
      name: 'image',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H', 'W', '3'],
      gradient: 'none',
      doc: 'RGB images in [0, 1].',
    },
    {
      name: 'logits',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'Q', 'K+1'],
      gradient: 'none',
      doc: 'Class logits per query (last = no object).',
    },
    {
      name: 'boxes',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'Q', '4'],
      gradient: 'none',
      doc: 'Predicted boxes.',
    },
    {
      name: 'targetBoxes',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'M', '4'],
      optional: true,
      gradient: 'none',
      doc: 'True boxes (optional).',
    },
    {
      name: 'targetMask',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', 'M'],
      optional: true,
      gradient: 'none',
      doc: '1 for a real object.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'H*s', 'W*s', '3'],
      gradient: 'none',
      doc: 'Images with boxes drawn.',
    },
  ],
  params: {
    scale: {
      kind: 'int',
      default: 4,
      min: 1,
      max: 16,
      doc: 'Upscaling factor, so 1-pixel outlines stay readable.',
    },
    threshold: {
      kind: 'float',
      default: 0.5,
      min: 0,
      max: 1,
      doc: 'Least class probability of a drawn prediction.',
    },
    boxFormat: {
      kind: 'enum',
      default: 'cxcywh',
      options: ['cxcywh', 'xyxy'],
      doc: 'Layout of both box inputs.',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const image = tensorInput(ctx, 'image', diagnostics, { rank: 4, what: 'RGB images' });
    tensorInput(ctx, 'logits', diagnostics, { rank: 3, what: 'class logits' });
    tensorInput(ctx, 'boxes', diagnostics, { rank: 3, what: 'predicted boxes' });
    const tb = tensorInput(ctx, 'targetBoxes', diagnostics, { rank: 3, optional: true });
    const tm = tensorInput(ctx, 'targetMask', diagnostics, { rank: 2, optional: true });
    if (Boolean(tb) !== Boolean(tm))
      diagnostics.push({
        severity: 'error',
        port: tb ? 'targetMask' : 'targetBoxes',
        message: 'Box Overlay: connect both targetBoxes and targetMask, or neither.',
      });
    if (!image) return { outputs: {}, diagnostics };
    if (image.shape[3] !== 3)
      diagnostics.push({
        severity: 'error',
        port: 'image',
        message: `Box Overlay: image has ${String(image.shape[3])} channels; it draws on RGB (3) images.`,
      });
    const [b = 'B', h = 'H', w = 'W'] = image.shape;
    const s = ctx.params.scale;
    return {
      outputs: { y: tensorType('float32', [b, mulDim(h, s), mulDim(w, s), 3]) },
      diagnostics,
    };
  },
  build: (tf, params) => createBoxOverlayLayer(tf, params),
  cost: weightlessCost,
  emit: {
    layerModule: 'detection/box-overlay/box-overlay.layer',
    factory: 'createBoxOverlayLayer',
  },
});
