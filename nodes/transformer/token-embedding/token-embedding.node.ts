// Token + position embedding for transformer inputs.
// b batch, n tokens, k vocabulary, d model dim
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim, tensorInput } from '../../attention/shape-helpers';
import { createTokenEmbedding } from './token-embedding.layer';

export const tokenEmbeddingNode = defineNode({
  id: 'transformer/token-embedding',
  version: 1,
  title: 'Token Embedding',
  category: 'transformer',
  role: 'layer',
  legacy: {
    replacement: 'layers/embedding (Embedding) followed by position/learned (Learned Positions)',
  },
  doc:
    'Maps integer tokens (e.g. VQ code indices) to vectors: a learned row per token plus a learned row per position. ' +
    "The lookup is a one-hot x table matMul, so its gradient exists on every backend (gather's does not on wasm).",
  paper: {
    citation: 'Radford et al. Improving Language Understanding by Generative Pre-Training. 2018',
    equation: 'h_0 = U W_e + W_p',
  },
  inputs: [
    { name: 'tokens', kind: 'tensor', dtype: 'int32', rank: 2, dims: ['B', 'N'], gradient: 'none' },
  ],
  outputs: [
    { name: 'embeddings', kind: 'tensor', dtype: 'float32', rank: 3, dims: ['B', 'N', 'D'] },
  ],
  params: {
    vocabSize: {
      kind: 'int',
      default: 64,
      min: 2,
      max: 65536,
      doc: 'Number of distinct tokens K (codebook size).',
    },
    dim: { kind: 'int', default: 64, min: 1, max: 4096, doc: 'Embedding width D.' },
    maxLength: {
      kind: 'int',
      default: 64,
      min: 1,
      max: 16384,
      doc: 'Longest sequence N (rows of the position table).',
    },
  },
  inferShapes({ inputs, params }) {
    const { type, diagnostic } = tensorInput(inputs, 'tokens', 2, 'B x N integer tokens');
    if (!type) return failed(diagnostic!);
    const [b = 'B', n = 'N'] = type.shape;
    const diagnostics = [];
    if (type.dtype !== 'int32')
      diagnostics.push({
        severity: 'error' as const,
        port: 'tokens',
        message: "tokens must be int32 indices; connect the quantizer's indices output.",
      });
    const len = knownDim(n);
    if (len !== undefined && len > params.maxLength)
      diagnostics.push({
        severity: 'error' as const,
        port: 'tokens',
        message: `The sequence has ${len} tokens but maxLength is ${params.maxLength}; set maxLength to at least ${len}.`,
      });
    return { outputs: { embeddings: tensorType('float32', [b, n, params.dim]) }, diagnostics };
  },
  build: (tf, params, ctx) => createTokenEmbedding(tf, params, ctx),
  emit: {
    layerModule: 'transformer/token-embedding/token-embedding.layer',
    factory: 'createTokenEmbedding',
  },
});
