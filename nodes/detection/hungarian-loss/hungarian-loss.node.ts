// b batch, q object queries, k1 = classes + 1 (last = no object), m padded target slots.
import { defineNode } from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { createHungarianLossLayer } from './hungarian-loss.layer';
import { inferHungarianLoss } from './hungarian-loss.shapes';

const weight = (def: number, doc: string) =>
  ({ kind: 'float', default: def, min: 0, max: 1000, doc }) as const;
const format = (doc: string) =>
  ({ kind: 'enum', default: 'cxcywh', options: ['cxcywh', 'xyxy'], doc }) as const;

export const hungarianLossNode = defineNode({
  id: 'detection/hungarian-loss',
  version: 1,
  title: 'Hungarian Set Loss',
  category: 'detection',
  role: 'loss',
  doc:
    "DETR's set-prediction loss. Per image, each real target is matched to one object query by an exact minimum-cost " +
    'assignment (Hungarian / Jonker-Volgenant, written here: nodes/detection/shared/hungarian.ts) with cost ' +
    '-classWeight p(class) + l1Weight |box - target|_1 - giouWeight GIoU. The matching is computed on values and is not ' +
    'differentiated (its output `match` carries no gradient); the loss then trains the matched queries towards their ' +
    'targets (cross-entropy, L1, 1 - GIoU) and every other query towards the no-object class, down-weighted by ' +
    'noObjectWeight. Padded target slots (mask 0) are ignored. The paper’s weights are the defaults. Needs at least as many ' +
    'queries as target slots. PyTorch: DETR models/matcher.py HungarianMatcher + models/detr.py SetCriterion (labels, boxes).',
  paper: {
    citation: 'Carion et al. End-to-End Object Detection with Transformers (DETR). ECCV 2020',
    url: 'https://arxiv.org/abs/2005.12872',
    equation:
      'sigma = argmin_sigma sum_i L_match(y_i, yhat_sigma(i)) (eq. 1); L = sum_i [-log p_sigma(i)(c_i) + 1{c_i != no-object} L_box] (eq. 2); L_box = l_iou (1 - GIoU) + l_L1 |b - bhat|_1',
  },
  inputs: [
    {
      name: 'logits',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'Q', 'K+1'],
      gradient: 'flows',
      doc: 'Class logits per query; the last class is no object.',
    },
    {
      name: 'boxes',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'Q', '4'],
      gradient: 'flows',
      doc: 'Predicted boxes per query, normalised (a sigmoid head).',
    },
    {
      name: 'targetBoxes',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'M', '4'],
      gradient: 'none',
      doc: 'Target boxes per slot.',
    },
    {
      name: 'targetLabels',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'M'],
      gradient: 'none',
      doc: 'Target class per slot.',
    },
    {
      name: 'targetMask',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', 'M'],
      gradient: 'none',
      doc: '1 for a real object, 0 for padding.',
    },
  ],
  outputs: [
    {
      name: 'loss',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      doc: 'classWeight CE + l1Weight L1 + giouWeight (1 - GIoU).',
    },
    {
      name: 'classLoss',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      doc: 'The no-object-weighted cross-entropy (unweighted by classWeight).',
    },
    {
      name: 'l1',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      doc: 'L1 box distance per matched target.',
    },
    {
      name: 'giou',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      doc: '1 - GIoU per matched target.',
    },
    {
      name: 'match',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'M'],
      gradient: 'none',
      doc: 'The query matched to each target slot, -1 for padding: the non-differentiable assignment.',
    },
  ],
  params: {
    classWeight: weight(
      1,
      'Weight of the class term, in the matching cost and the loss (DETR: 1).',
    ),
    l1Weight: weight(5, 'Weight of the L1 box term (DETR: 5).'),
    giouWeight: weight(2, 'Weight of the GIoU term (DETR: 2).'),
    noObjectWeight: weight(
      0.1,
      'Class weight of the no-object class in the cross-entropy (DETR eos_coef: 0.1).',
    ),
    predictionFormat: format('Layout of the predicted boxes: cx, cy, w, h or x0, y0, x1, y1.'),
    targetFormat: format(
      "Layout of the target boxes; must equal predictionFormat (the dataset's boxFormat).",
    ),
  },
  inferShapes: (ctx) => inferHungarianLoss(ctx),
  build: (tf, params) => createHungarianLossLayer(tf, params),
  cost: weightlessCost,
  emit: {
    layerModule: 'detection/hungarian-loss/hungarian-loss.layer',
    factory: 'createHungarianLossLayer',
  },
});
