// b batch (one row per frame), k classes; label int32 in [0, K).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { weightlessCost } from '../../../core/node-contract/cost';
import { isKnown, tensorInput } from '../../shared/shape-checks';
import { createFrameMapLayer } from './frame-map.layer';

export const frameMapNode = defineNode({
  id: 'metric/frame-map',
  version: 1,
  title: 'Per-frame mAP',
  category: 'metric',
  role: 'metric',
  doc:
    'Per-frame mean average precision of online action detection, as reported on THUMOS14 (OadTR, ' +
    'LSTR): the class probabilities of each frame (a softmax of the logits) are ranked over all frames ' +
    "of the batch per class; the average precision of each action class (scikit-learn's " +
    'average_precision_score, tied scores one threshold) is averaged over the classes that occur, the ' +
    'background class left out. Also draws the prediction strip: the truth above (a row per class), the ' +
    'predicted probabilities below, one column per frame. Evaluate it on held-out consecutive frames ' +
    '(a preview, or a sweep over the whole held-out set); it is not differentiable.',
  paper: {
    citation:
      'Wang et al., OadTR: Online Action Detection with Transformers (ICCV 2021), sec. 4.1; Idrees et al., The THUMOS challenge (2017)',
    url: 'https://arxiv.org/abs/2106.11149',
    equation: 'mAP = mean_{k != bg} sum_i (R_k,i - R_k,i-1) P_k,i',
  },
  inputs: [
    {
      name: 'logits',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', 'K'],
      gradient: 'none',
      doc: 'Class scores of the current frame of each window.',
    },
    {
      name: 'label',
      kind: 'tensor',
      dtype: 'int32',
      rank: 1,
      dims: ['B'],
      gradient: 'none',
      doc: 'True class of each frame.',
    },
  ],
  outputs: [
    { name: 'map', kind: 'tensor', dtype: 'float32', rank: 0, dims: [], doc: 'Mean AP in [0, 1].' },
    {
      name: 'strip',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['N', 'H', 'W', 'C'],
      doc: 'One RGB image (N = 1, C = 3): H = 2K + 1 rows (truth, separator, probabilities) by W = B frames.',
    },
  ],
  params: {
    background: {
      kind: 'int',
      default: 0,
      min: -1,
      max: 1000,
      doc: 'The background class, left out of the mean (-1: average over every class).',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const logits = tensorInput(ctx, 'logits', diagnostics, { rank: 2, what: 'logits [B, K]' });
    const label = tensorInput(ctx, 'label', diagnostics, { rank: 1, what: 'labels [B]' });
    const k = logits?.shape[1];
    if (label && label.dtype !== 'int32')
      diagnostics.push({
        severity: 'error',
        port: 'label',
        message: `label holds ${label.dtype}; connect integer class indices (int32), e.g. the dataset's label output.`,
      });
    if (isKnown(k) && ctx.params.background >= k)
      diagnostics.push({
        severity: 'error',
        message: `background is class ${ctx.params.background} but the logits (${formatShape(logits!.shape)}) have ${k} classes; set background between 0 and ${k - 1}, or -1 for none.`,
      });
    if (diagnostics.length > 0) return { outputs: {}, diagnostics };
    return {
      outputs: {
        map: tensorType('float32', []),
        strip: tensorType('float32', [1, isKnown(k) ? 2 * k + 1 : 'H', logits!.shape[0]!, 3]),
      },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createFrameMapLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'metric/frame-map/frame-map.layer', factory: 'createFrameMapLayer' },
});
