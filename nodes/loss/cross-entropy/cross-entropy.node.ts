// b batch, ... further positions (frames, tokens, queries); k classes. logits [B, ..., K] float32,
// labels [B, ...] int32 in [0, K) -> loss, a scalar.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { weightlessCost } from '../../../core/node-contract/cost';
import { shapesAgree, tensorInput } from '../../shared/shape-checks';
import { lossOutput } from '../pair-loss-shapes';
import { createCrossEntropyLayer } from './cross-entropy.layer';

export const crossEntropyNode = defineNode({
  id: 'loss/cross-entropy',
  version: 1,
  title: 'Cross-entropy loss',
  category: 'loss',
  role: 'loss',
  doc:
    'Softmax cross-entropy between class logits and integer labels (torch.nn.functional.cross_entropy, ' +
    'keras SparseCategoricalCrossentropy(from_logits=True)): the mean over every position of ' +
    '-log softmax(logits)[label], times a weight. Logits are [B, K] for one label per example or ' +
    '[B, N, K] for one per frame, token or query; labels have the logits shape without K. Feed raw ' +
    'logits (no Softmax before it): the log-softmax inside is computed stably. Optional label ' +
    'smoothing mixes eps/K into the one-hot target.',
  paper: {
    citation:
      'Label smoothing: Szegedy et al., Rethinking the Inception Architecture for Computer Vision (CVPR 2016), sec. 7',
    url: 'https://arxiv.org/abs/1512.00567',
    equation: 'L = -w * mean_n sum_k q_nk log softmax(z_n)_k, q = (1 - eps) onehot(y) + eps / K',
  },
  inputs: [
    {
      name: 'logits',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['B', '...', 'K'],
      gradient: 'flows',
      doc: 'Unnormalised class scores, classes on the last axis.',
    },
    {
      name: 'labels',
      kind: 'tensor',
      dtype: 'int32',
      dims: ['B', '...'],
      gradient: 'none',
      doc: 'Class index of each position, in [0, K); the logits shape without its last axis.',
    },
  ],
  outputs: lossOutput,
  params: {
    weight: { kind: 'float', default: 1, min: 0, max: 1000, doc: 'Multiplies the loss.' },
    labelSmoothing: {
      kind: 'float',
      default: 0,
      min: 0,
      max: 0.99,
      doc: 'eps: the target is (1 - eps) one-hot + eps / K; 0 is plain cross-entropy.',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const logits = tensorInput(ctx, 'logits', diagnostics, { what: 'class logits [B, ..., K]' });
    const labels = tensorInput(ctx, 'labels', diagnostics, { what: 'integer class labels' });
    if (logits && logits.shape.length < 2)
      diagnostics.push({
        severity: 'error',
        port: 'logits',
        message: `logits (${formatShape(logits.shape)}) need a batch axis and a class axis; connect [B, K] or [B, N, K] scores (a Dense with units = classes).`,
      });
    else if (logits && labels && !shapesAgree(logits.shape.slice(0, -1), labels.shape))
      diagnostics.push({
        severity: 'error',
        port: 'labels',
        message: `labels are ${formatShape(labels.shape)} but logits are ${formatShape(logits.shape)}; labels must have the logits' shape without the class axis (${formatShape(logits.shape.slice(0, -1))}).`,
      });
    if (labels && labels.dtype !== 'int32')
      diagnostics.push({
        severity: 'error',
        port: 'labels',
        message: `labels hold ${labels.dtype}; connect integer class indices (int32), e.g. a dataset's label output.`,
      });
    return { outputs: { loss: tensorType('float32', []) }, diagnostics };
  },
  build: (tf, params, ctx) => createCrossEntropyLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: {
    layerModule: 'loss/cross-entropy/cross-entropy.layer',
    factory: 'createCrossEntropyLayer',
  },
});
