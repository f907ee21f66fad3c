// Rotary (RoPE): x [..., N, D] -> same shape, pairs (x_{2i}, x_{2i+1}) rotated by n * base^(-2i/D).
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { fail } from '../../shape/shared/diagnostics';
import { createRotaryLayer } from './rotary.layer';
import { weightlessCost } from '../../../core/node-contract/cost';

export const rotaryNode = defineNode({
  id: 'position/rotary',
  version: 1,
  title: 'Rotary (RoPE)',
  category: 'position',
  role: 'layer',
  doc:
    'Rotary position embedding: rotates each pair of features of the token at position n by an angle ' +
    'n * base^(-2i/D), so that the dot product of a rotated query and key depends only on their ' +
    'relative offset. Apply it to queries and keys (B x N x D, or B x heads x N x D: positions are ' +
    'axis -2) before attention; no weights. Pairing is interleaved, (x_0, x_1), (x_2, x_3), ..., as ' +
    "in the RoFormer paper, Meta's LLaMA reference code and torchtune's RotaryPositionalEmbeddings; " +
    "Hugging Face's rotate_half (and keras_nlp.layers.RotaryEmbedding) pair feature i with i + D/2 " +
    'instead, which is the same rotation on permuted features.',
  paper: {
    citation:
      'Su, Lu, Pan, Murtadha, Wen, Liu. RoFormer: Enhanced Transformer with Rotary Position Embedding. 2021',
    url: 'https://arxiv.org/abs/2104.09864',
    equation:
      'R_n x (eq. 34): (x_{2i}, x_{2i+1}) -> (x_{2i} cos n t_i - x_{2i+1} sin n t_i, x_{2i} sin n t_i + x_{2i+1} cos n t_i), t_i = base^(-2i/D)',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...', 'N', 'D'],
      gradient: 'flows',
      doc: 'Queries or keys: positions on axis -2, D even features on axis -1.',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', dims: ['...', 'N', 'D'], doc: 'x rotated.' },
  ],
  params: {
    base: {
      kind: 'float',
      default: 10000,
      min: 1,
      max: 1e9,
      log: true,
      doc: 'Base of the angle frequencies base^(-2i/D): 10000 in RoFormer.',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const x = tensorInput(ctx, 'x', diagnostics, { what: '... x N x D queries or keys' });
    if (!x) return { outputs: {}, diagnostics };
    if (x.shape.length < 2)
      return fail(
        'x',
        `x (${formatShape(x.shape)}) needs positions on axis -2 and features on axis -1; connect a tensor of rank 2 or more, e.g. B x N x D.`,
      );
    const d = x.shape[x.shape.length - 1];
    if (typeof d !== 'number' || d % 2 !== 0)
      return fail(
        'x',
        `RoPE rotates pairs of features, so the last axis of x (${formatShape(x.shape)}) must be a known even number; project x to an even width (per head).`,
      );
    return { outputs: { y: tensorType('float32', x.shape) }, diagnostics };
  },
  build: (tf, params, ctx) => createRotaryLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'position/rotary/rotary.layer', factory: 'createRotaryLayer' },
});
