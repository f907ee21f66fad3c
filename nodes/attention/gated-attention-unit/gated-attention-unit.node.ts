// Gated Attention Unit (Hua et al. 2022, sec. 2): y = (U ⊙ A V) Wo, A = relu^2(Q K^T / N).
// b batch, n tokens, d model dim, E = e*d expanded width, s shared query/key dim
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferGatedAttention } from '../shape-helpers';
import { createGatedAttentionUnitLayer } from './gated-attention-unit.layer';

export const gatedAttentionUnitNode = defineNode({
  id: 'attention/gated-attention-unit',
  version: 1,
  title: 'Gated Attention Unit (GAU)',
  category: 'attention',
  role: 'layer',
  doc:
    'One layer that replaces attention + MLP: U = silu(x Wu) and V = silu(x Wv) of width e*D, a shared ' +
    'low-dimensional Z = silu(x Wz) of width s, Q = Z*gamma_q + beta_q and K = Z*gamma_k + beta_k (per-dim scale ' +
    'and offset), A = relu^2(Q K^T / N) (single head, no softmax; lower-triangular when causal), ' +
    'y = (U ⊙ A V) Wo. The residual and the norm before it are left to Add and LayerNorm nodes; the ' +
    "paper's relative position bias is left out (use a position node). Cost grows with N^2; for long " +
    'sequences use FLASH. An optional keyMask (B x N, 1 = keep, 0 = pad) zeroes the columns of padded keys ' +
    '(the 1/N still counts them, as in FLASH-pytorch). Outputs A as B x 1 x N x N for previews. ' +
    'PyTorch: FLASH-pytorch GAU(dim=D, query_key_dim=s, expansion_factor=e, causal=..., add_residual=False).',
  paper: {
    citation:
      'Hua, Dai, Liu, Le. Transformer Quality in Linear Time. ICML 2022 (sec. 2, Gated Attention Unit)',
    url: 'https://arxiv.org/abs/2202.10447',
    equation:
      "U = phi_u(X W_u), V = phi_v(X W_v), Z = phi_z(X W_z), O = (U ⊙ A V) W_o (eq. 3-4); A = relu^2(Q(Z) K(Z)^T + b), scaled by 1/n as in the paper's code (Code 1), b omitted",
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
      doc: 'A = relu^2(Q K^T / N), h = 1 (rows do not sum to 1).',
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
    causal: { kind: 'bool', default: true, doc: 'Token i sees tokens 0..i only.' },
  },
  inferShapes: ({ inputs }) => inferGatedAttention(inputs),
  build: (tf, params, ctx) => createGatedAttentionUnitLayer(tf, params, ctx),
  emit: {
    layerModule: 'attention/gated-attention-unit/gated-attention-unit.layer',
    factory: 'createGatedAttentionUnitLayer',
  },
});
