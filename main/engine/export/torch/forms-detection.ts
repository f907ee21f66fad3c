// PyTorch forms of DETR's nodes (tessera_torch/detection.py): the shapes dataset (the app's
// scenes), the 2-D sine positions and the Hungarian set loss (the app's exact matching on
// values, the gradient through the matched pairs). The box overlay is a preview picture.
import { num, py, str, type TorchForm } from './torch-form';

const SCENE = [
  'size',
  'minObjects',
  'maxObjects',
  'classes',
  'minSide',
  'maxSide',
  'trainImages',
  'testImages',
  'seed',
];

export const detectionForms: Record<string, TorchForm> = {
  'detection/shapes-dataset': {
    kind: 'op',
    forward: (_i, ctx) => {
      const o = {
        ...Object.fromEntries(SCENE.map((k) => [k, num(ctx.node, k)])),
        boxFormat: str(ctx.node, 'boxFormat'),
      };
      return {
        tuple: `D.shapes_batch(${py(o)}, sampler)`,
        ports: ['image', 'boxes', 'labels', 'mask'],
      };
    },
  },
  'detection/sine-position-2d': {
    kind: 'op',
    forward: (i, ctx) => ({
      outputs: { y: `D.sine_position_2d(${i['x']}, ${py(num(ctx.node, 'temperature'))})` },
    }),
  },
  'detection/hungarian-loss': {
    kind: 'op',
    forward: (i, ctx) => {
      const n = ctx.node;
      const p = {
        classWeight: num(n, 'classWeight'),
        l1Weight: num(n, 'l1Weight'),
        giouWeight: num(n, 'giouWeight'),
        noObjectWeight: num(n, 'noObjectWeight'),
        predictionFormat: str(n, 'predictionFormat'),
        targetFormat: str(n, 'targetFormat'),
      };
      return {
        tuple: `D.hungarian_loss(${i['logits']}, ${i['boxes']}, ${i['targetBoxes']}, ${i['targetLabels']}, ${i['targetMask']}, ${py(p)})`,
        ports: ['loss', 'classLoss', 'l1', 'giou', 'match'],
      };
    },
  },
  'detection/box-overlay': {
    kind: 'preview',
    what: 'a preview (the predicted boxes drawn on the images)',
  },
};
