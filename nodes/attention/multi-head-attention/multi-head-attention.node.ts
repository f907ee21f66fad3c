// Multi-head self-attention over tokens, with an optional causal mask.
// b batch, n tokens, d model dim, h heads
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferSequenceAttention } from '../shape-helpers';
import { createMultiHeadAttention } from './multi-head-attention.layer';

export const multiHeadAttentionNode = defineNode({
  id: 'attention/multi-head-attention',
  version: 1,
  title: 'Multi-Head Attention',
  category: 'attention',
  role: 'layer',
  doc:
    'Self-attention with h heads over a sequence of N tokens of width D. With causal on, token i attends only to ' +
    'tokens 0..i, which is what an autoregressive prior (GPT, the VQGAN stage-2 transformer) needs. ' +
    'Outputs the attention maps (B x h x N x N) for previews. Written with matMul, so it trains on every backend.',
  paper: {
    citation: 'Vaswani et al. Attention Is All You Need. NeurIPS 2017',
    url: 'https://arxiv.org/abs/1706.03762',
    equation:
      'Attention(Q, K, V) = softmax(Q K^T / sqrt(d_k)) V (eq. 1); MultiHead = Concat(head_1..head_h) W^O',
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
  ],
  outputs: [
    { name: 'y', kind: 'tensor', dtype: 'float32', rank: 3, dims: ['B', 'N', 'D'] },
    { name: 'attention', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'h', 'N', 'N'] },
  ],
  params: {
    heads: {
      kind: 'int',
      default: 4,
      min: 1,
      max: 64,
      doc: 'Number of heads; must divide the model dim D.',
    },
    causal: { kind: 'bool', default: true, doc: 'Mask future tokens (autoregressive models).' },
  },
  inferShapes: ({ inputs, params }) => inferSequenceAttention(inputs, params.heads),
  build: (tf, params, ctx) => createMultiHeadAttention(tf, params, ctx),
  emit: {
    layerModule: 'attention/multi-head-attention/multi-head-attention.layer',
    factory: 'createMultiHeadAttention',
  },
});
