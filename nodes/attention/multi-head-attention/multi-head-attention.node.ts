// Multi-head attention over tokens: self-attention, or cross-attention to a context; optional
// causal mask and key-padding mask.
// b batch, n query tokens, m key tokens, d model dim, dc context dim, h heads
import { defineNode } from '../../../core/node-contract/node-definition';
import { concreteDim, perExample, tensorShape } from '../../../core/node-contract/cost';
import { inferMultiHeadAttention } from '../shape-helpers';
import { createMultiHeadAttention } from './multi-head-attention.layer';

export const multiHeadAttentionNode = defineNode({
  id: 'attention/multi-head-attention',
  version: 1,
  title: 'Multi-Head Attention',
  category: 'attention',
  role: 'layer',
  doc:
    'Softmax attention with h heads; queries from x (B x N x D), keys and values from x (self-attention) or from ' +
    'an optional context (B x M x Dc, cross-attention, as in a decoder or a text-conditioned model). With causal ' +
    'on, token i attends only to tokens 0..i, which an autoregressive prior (GPT, the VQGAN stage-2 transformer) ' +
    'needs; causal is refused on cross-attention. An optional keyMask (B x M, 1 = keep, 0 = pad) hides padded keys ' +
    '(a row whose keys are all padded gets uniform weights rather than NaN). Outputs the attention maps ' +
    '(B x h x N x M) for previews. Cost grows with N x M. Written with matMul, so it trains on every backend. ' +
    'PyTorch: torch.nn.MultiheadAttention(D, h, kdim=Dc, vdim=Dc, batch_first=True) with attn_mask / ' +
    'key_padding_mask (there True = pad); x-transformers: Attention(dim=D, heads=h, causal=...).',
  paper: {
    citation: 'Vaswani et al. Attention Is All You Need. NeurIPS 2017',
    url: 'https://arxiv.org/abs/1706.03762',
    equation:
      'Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V (eq. 1); MultiHead = Concat(head_1..head_h) W^O, head_i = Attention(x W_i^Q, c W_i^K, c W_i^V), c = context or x',
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
      doc: 'Keys and values for cross-attention; leave unconnected for self-attention.',
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
      doc: 'Attention weights per head; rows sum to 1.',
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
      doc: 'Mask future tokens (autoregressive models); self-attention only.',
    },
  },
  inferShapes: ({ inputs, params }) => inferMultiHeadAttention(inputs, params.heads, params.causal),
  // W_q, W_o [D, D], W_k, W_v [Dc, D], four biases [D]; projections, scores and the weighted
  // sum: 2ND^2 + 2MDcD + 2NMD per sequence (self-attention: 4ND^2 + 2N^2 D).
  cost: ({ inputs, batchSize }) => {
    const x = tensorShape(inputs['x'], "input 'x'");
    const c = inputs['context'] ? tensorShape(inputs['context'], "input 'context'") : x;
    const where = c === x ? "input 'x'" : "input 'context'";
    const n = concreteDim(x, 1, batchSize, "input 'x'");
    const d = concreteDim(x, 2, batchSize, "input 'x'");
    const m = concreteDim(c, 1, batchSize, where);
    const dc = concreteDim(c, 2, batchSize, where);
    const seqs = perExample(x, batchSize, "input 'x'") / (n * d);
    return {
      params: 2 * d * d + 2 * dc * d + 4 * d,
      macs: seqs * (2 * n * d * d + 2 * m * dc * d + 2 * n * m * d),
    };
  },
  build: (tf, params, ctx) => createMultiHeadAttention(tf, params, ctx),
  emit: {
    layerModule: 'attention/multi-head-attention/multi-head-attention.layer',
    factory: 'createMultiHeadAttention',
  },
});
