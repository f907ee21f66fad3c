// Learned Positions: x [B, N, D] -> x + P[0:N], P [maxLength, D] trained.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { fail } from '../../shape/shared/diagnostics';
import { createLearnedPositionsLayer } from './learned.layer';

export const learnedPositionsNode = defineNode({
  id: 'position/learned',
  version: 1,
  title: 'Learned Positions',
  category: 'position',
  role: 'layer',
  doc:
    'Adds a trained vector per position to a token sequence: y = x + P[0:N] with a table P of ' +
    'maxLength x D weights, initialised from normal(0, 0.02). The absolute position embedding of ' +
    "GPT-2 / BERT / ViT: nn.Embedding(maxLength, D) indexed by torch.arange(N) (GPT-2's wpe) or an " +
    'nn.Parameter of shape [1, N, D] (ViT), keras_nlp.layers.PositionEmbedding. Sequences longer than ' +
    'maxLength cannot be encoded.',
  paper: {
    citation: 'Gehring et al. Convolutional Sequence to Sequence Learning. ICML 2017 (sec. 3.1)',
    url: 'https://arxiv.org/abs/1705.03122',
    equation: 'y_n = x_n + p_n, p_n learned',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'N', 'D'],
      gradient: 'flows',
      doc: 'Token sequence, N at most maxLength.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'N', 'D'],
      doc: 'x plus the first N rows of the table.',
    },
  ],
  params: {
    maxLength: {
      kind: 'int',
      default: 256,
      min: 1,
      max: 65536,
      doc: 'Rows of the table: the longest sequence this node can encode.',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics, { rank: 3, what: 'B x N x D tokens' });
    if (!x) return { outputs: {}, diagnostics };
    const [, n, d] = x.shape;
    if (typeof d !== 'number')
      return fail(
        'x',
        `The width D of x (${formatShape(x.shape)}) must be known; it sizes the position table.`,
      );
    if (typeof n === 'number' && n > ctx.params.maxLength)
      return fail(
        'x',
        `x (${formatShape(x.shape)}) has N = ${n} tokens but maxLength is ${ctx.params.maxLength}; set maxLength to at least ${n}.`,
      );
    return { outputs: { y: tensorType('float32', x.shape) }, diagnostics };
  },
  build: (tf, params, ctx) => createLearnedPositionsLayer(tf, params, ctx),
  emit: { layerModule: 'position/learned/learned.layer', factory: 'createLearnedPositionsLayer' },
});
