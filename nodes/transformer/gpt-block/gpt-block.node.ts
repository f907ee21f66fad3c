// A pre-LayerNorm GPT transformer block with causal self-attention.
// b batch, n tokens, d model dim
import { defineNode } from '../../../core/node-contract/node-definition';
import { inferSequenceAttention } from '../../attention/shape-helpers';
import { createGptBlock } from './gpt-block.layer';

export const gptBlockNode = defineNode({
  id: 'transformer/gpt-block',
  version: 1,
  title: 'GPT Block',
  category: 'transformer',
  role: 'layer',
  doc:
    'One decoder-only transformer block, pre-LayerNorm as in GPT-2: causal multi-head self-attention and a GELU MLP, ' +
    'each added to a residual stream. Stack several to build an autoregressive prior.',
  paper: {
    citation: 'Radford et al. Language Models are Unsupervised Multitask Learners (GPT-2). 2019',
    equation: 'x = x + Attn(LN(x)); x = x + MLP(LN(x))',
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
    heads: { kind: 'int', default: 4, min: 1, max: 64, doc: 'Attention heads; must divide D.' },
    mlpRatio: {
      kind: 'int',
      default: 4,
      min: 1,
      max: 8,
      doc: 'Hidden width of the MLP as a multiple of D.',
    },
  },
  inferShapes: ({ inputs, params }) => inferSequenceAttention(inputs, params.heads),
  build: (tf, params, ctx) => createGptBlock(tf, params, ctx),
  emit: { layerModule: 'transformer/gpt-block/gpt-block.layer', factory: 'createGptBlock' },
});
