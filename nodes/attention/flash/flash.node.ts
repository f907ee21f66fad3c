// FLASH (Hua et al. 2022, sec. 3): GAU with mixed-chunk attention, linear in the sequence length.
// b batch, n tokens, d model dim, E = e*d expanded width, s shared query/key dim, C chunk
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferGatedAttention } from '../shape-helpers';
import { createFlashLayer } from './flash.layer';

export const flashNode = defineNode({
  id: 'attention/flash',
  version: 1,
  title: 'FLASH',
  category: 'attention',
  role: 'layer',
  doc:
    'A Gated Attention Unit whose attention is mixed-chunk: the sequence is cut into N/C chunks of C tokens; ' +
    'within a chunk, quadratic relu^2(Q K^T / C) attention; across chunks, linear attention ' +
    'Q_lin (sum K_lin^T V) / N over all chunks, or, causal, over earlier chunks only (an exclusive running sum ' +
    'over chunks). Q, K, Q_lin, K_lin are four per-dim scale/offset maps of the shared Z. Cost grows linearly ' +
    'in N for a fixed C. C must divide N (a diagnostic names the divisors; pad the sequence otherwise). ' +
    'The 1/N of the linear term is our choice (the paper writes none). Residual, norm and position bias are ' +
    'left to other nodes. An optional keyMask (B x N, 1 = keep, 0 = pad) removes padded keys from both terms. ' +
    'The attention output is the implicit N x N matrix, computed only when read. ' +
    'PyTorch: FLASH-pytorch FLASH(dim=D, group_size=C, query_key_dim=s, expansion_factor=e, causal=...) ' +
    '(which pads N to a multiple of C instead).',
  paper: {
    citation:
      'Hua, Dai, Liu, Le. Transformer Quality in Linear Time. ICML 2022 (sec. 3.2, Mixed Chunk Attention)',
    url: 'https://arxiv.org/abs/2202.10447',
    equation:
      'Vhat_g^quad = relu^2(Q_g K_g^T + B) V_g; Vhat_g^lin = Q_g^lin sum_{h=1}^{G} (K_h^lin)^T V_h (non-causal) or sum_{h=1}^{g-1} (causal); O_g = [U_g ⊙ (Vhat_g^quad + Vhat_g^lin)] W_o',
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'N', 'D'],
      gradient: 'flows',
    },
    {
      name: 'keyMask',
      kind: 'tensor',
      rank: 2,
      dims: ['B', 'N'],
      optional: true,
      gradient: 'none',
      doc: '1 = keep, 0 = padding, one entry per token: padded keys get zero weight.',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', rank: 3, dims: ['B', 'N', 'D'] },
    {
      name: 'attention',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'h', 'N', 'N'],
      doc: 'The implicit N x N matrix (h = 1); O(N^2), computed only when read.',
    },
  ],
  params: {
    expansion: {
      kind: 'int',
      default: 2,
      min: 1,
      max: 8,
      doc: 'e: U and V have width e x D.',
    },
    s: {
      kind: 'int',
      default: 128,
      min: 1,
      max: 1024,
      doc: 'Width of the shared query/key projection Z.',
    },
    chunk: {
      kind: 'int',
      default: 64,
      min: 1,
      max: 4096,
      doc: 'C: tokens per chunk (quadratic attention inside); must divide N.',
    },
    causal: { kind: 'bool', default: true, doc: 'Token i sees tokens 0..i only.' },
  },
  inferShapes: ({ inputs, params }) => inferGatedAttention(inputs, params.chunk),
  build: (tf, params, ctx) => createFlashLayer(tf, params, ctx),
  emit: { layerModule: 'attention/flash/flash.layer', factory: 'createFlashLayer' },
});
