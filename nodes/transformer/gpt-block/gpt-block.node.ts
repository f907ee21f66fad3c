// A pre-LayerNorm GPT transformer block with causal self-attention.
// b batch, n tokens, d model dim
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim, tensorInput } from '../../attention/shape-helpers';
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
  inferShapes({ inputs, params }) {
    const { type, diagnostic } = tensorInput(inputs, 'x', 3, 'a B x N x D token sequence');
    if (!type) return failed(diagnostic!);
    const [b = 'B', n = 'N', dim] = type.shape;
    const d = knownDim(dim);
    if (d === undefined)
      return failed({
        severity: 'error',
        port: 'x',
        message: 'The model dim D must be known; set the embedding dim.',
      });
    if (d % params.heads !== 0)
      return failed({
        severity: 'error',
        port: 'x',
        message: `heads (${params.heads}) must divide the model dim ${d}; set heads to a divisor of ${d}.`,
      });
    return {
      outputs: {
        y: tensorType('float32', [b, n, d]),
        attention: tensorType('float32', [b, params.heads, n, n]),
      },
      diagnostics: [],
    };
  },
  build: (tf, params, ctx) => createGptBlock(tf, params, ctx),
  emit: { layerModule: 'transformer/gpt-block/gpt-block.layer', factory: 'createGptBlock' },
});
