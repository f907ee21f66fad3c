// Multi-head linear attention (Katharopoulos et al. 2020): same ports and params as Multi-Head
// Attention, cost linear in the sequence length.
// b batch, n query tokens, m key tokens, d model dim, h heads
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferMultiHeadAttention } from '../shape-helpers';
import { createLinearAttentionLayer } from './linear-attention.layer';

export const linearAttentionNode = defineNode({
  id: 'attention/linear-attention',
  version: 1,
  title: 'Linear Attention',
  category: 'attention',
  role: 'layer',
  doc:
    'Multi-head attention whose softmax is replaced by a kernel: sim(q, k) = phi(q)^T phi(k) with ' +
    'phi(x) = elu(x) + 1. Non-causal it computes phi(Q) (phi(K)^T V) normalised by phi(Q) phi(K)^T 1; causal it ' +
    'keeps running sums S_i = sum_{j<=i} phi(K_j)^T V_j and z_i = sum_{j<=i} phi(K_j) (cumulative sums over ' +
    'positions), so time and memory grow linearly in N instead of N^2. Same ports, params and weights ' +
    '(Wq, Wk, Wv, Wo) as Multi-Head Attention, so it swaps into a transformer block with one edit; context ' +
    '(cross-attention, non-causal) and keyMask (padded keys get phi(k) = 0) work the same. The attention ' +
    'output is the implicit N x M matrix, computed only when something reads it (a preview). ' +
    "phi uses elu, whose second derivative throws in tfjs: don't put it under a gradient penalty. " +
    'PyTorch: fast_transformers LinearAttention / CausalLinearAttention (feature_map elu + 1); ' +
    'x-transformers has no exact equivalent (lucidrains linear-attention-transformer is close).',
  paper: {
    citation:
      'Katharopoulos, Vyas, Pappas, Fleuret. Transformers are RNNs: Fast Autoregressive Transformers with Linear Attention. ICML 2020',
    url: 'https://arxiv.org/abs/2006.16236',
    equation:
      "V'_i = phi(Q_i)^T sum_j phi(K_j) V_j^T / (phi(Q_i)^T sum_j phi(K_j)) (eq. 5-6), phi(x) = elu(x) + 1 (eq. 7); causal: S_i = sum_{j<=i} phi(K_j) V_j^T, Z_i = sum_{j<=i} phi(K_j), V'_i = phi(Q_i)^T S_i / phi(Q_i)^T Z_i (eq. 9-12)",
  },
  inputs: [
    {
      name: 'x',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'N', 'D'],
      gradient: 'flows',
      doc: 'Queries (and keys and values without a context).',
    },
    {
      name: 'context',
      kind: 'tensor',
      dtype: 'float32',
      rank: 3,
      dims: ['B', 'M', 'Dc'],
      optional: true,
      gradient: 'flows',
      doc: 'Keys and values for cross-attention (non-causal); leave unconnected for self-attention.',
    },
    {
      name: 'keyMask',
      kind: 'tensor',
      rank: 2,
      dims: ['B', 'M'],
      optional: true,
      gradient: 'none',
      doc: '1 = keep, 0 = padding, one entry per key token (M = N without a context).',
    },
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', rank: 3, dims: ['B', 'N', 'D'] },
    {
      name: 'attention',
      kind: 'tensor',
      dtype: 'float32',
      rank: 4,
      dims: ['B', 'h', 'N', 'M'],
      doc: 'The implicit attention matrix (rows sum to 1); O(N x M), computed only when read.',
    },
  ],
  params: {
    heads: {
      kind: 'int',
      default: 4,
      min: 1,
      max: 64,
      doc: 'Number of heads; must divide the model dim D.',
    },
    causal: {
      kind: 'bool',
      default: true,
      doc: 'Token i sees tokens 0..i only (running sums); self-attention only.',
    },
  },
  inferShapes: ({ inputs, params }) => inferMultiHeadAttention(inputs, params.heads, params.causal),
  build: (tf, params, ctx) => createLinearAttentionLayer(tf, params, ctx),
  emit: {
    layerModule: 'attention/linear-attention/linear-attention.layer',
    factory: 'createLinearAttentionLayer',
  },
});
