// A GPT-style autoregressive prior over a grid of code indices (the VQGAN stage-2 transformer).
// b batch, h w code grid, n = h*w tokens, k codebook size, d model dim
import { defineNode } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { failed, knownDim } from '../../attention/shape-helpers';
import { createGptPrior } from './gpt-prior.layer';

export const gptPriorNode = defineNode({
  id: 'transformer/gpt-prior',
  version: 1,
  title: 'GPT Prior',
  category: 'transformer',
  role: 'layer',
  doc:
    'Models the code indices of a frozen VQ encoder autoregressively in raster order: a start token, token + position ' +
    'embeddings, a stack of causal GPT blocks, a final LayerNorm and a linear head to K logits. The logits at position i ' +
    'depend on codes 0..i-1 only. Outputs the mean negative log-likelihood per code in nats (the stage-2 loss; log K is ' +
    'a uniform prior) and the attention maps of the last block. Put it in a module to sample from it with the Code Sampler.',
  paper: {
    citation:
      'Esser, Rombach, Ommer. Taming Transformers for High-Resolution Image Synthesis. CVPR 2021, sec. 3.2',
    url: 'https://arxiv.org/abs/2012.09841',
    equation: 'p(s) = prod_i p(s_i | s_<i) (eq. 9); L_Transformer = E[-log p(s)] (eq. 10)',
  },
  inputs: [
    {
      name: 'codes',
      kind: 'tensor',
      dtype: 'int32',
      dims: ['B', 'H', 'W'],
      gradient: 'none',
      doc: 'Code indices, B x H x W or B x N.',
    },
  ],
  outputs: [
    { name: 'logits', kind: 'tensor', dtype: 'float32', rank: 3, dims: ['B', 'N', 'K'] },
    {
      name: 'nll',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      doc: 'Mean NLL per code (nats).',
    },
    { name: 'attention', kind: 'tensor', dtype: 'float32', rank: 4, dims: ['B', 'h', 'N', 'N'] },
  ],
  params: {
    codebookSize: {
      kind: 'int',
      default: 64,
      min: 2,
      max: 65536,
      doc: 'K, the number of codes; match the quantizer.',
    },
    dim: { kind: 'int', default: 64, min: 8, max: 4096, doc: 'Model width D.' },
    layers: { kind: 'int', default: 2, min: 1, max: 48, doc: 'Number of GPT blocks.' },
    heads: { kind: 'int', default: 4, min: 1, max: 64, doc: 'Attention heads; must divide D.' },
    mlpRatio: {
      kind: 'int',
      default: 4,
      min: 1,
      max: 8,
      doc: 'MLP hidden width as a multiple of D.',
    },
    maxLength: { kind: 'int', default: 64, min: 1, max: 16384, doc: 'Longest code sequence H*W.' },
  },
  inferShapes({ inputs, params }) {
    const t = inputs['codes'];
    if (t === undefined)
      return failed({
        severity: 'error',
        port: 'codes',
        message: "Connect the quantizer's indices to 'codes'.",
      });
    if (t.kind !== 'tensor' || (t.shape.length !== 2 && t.shape.length !== 3))
      return failed({
        severity: 'error',
        port: 'codes',
        message: "'codes' takes B x H x W or B x N int32 indices; connect the quantizer's indices.",
      });
    const diagnostics = [];
    if (t.dtype !== 'int32')
      diagnostics.push({
        severity: 'error' as const,
        port: 'codes',
        message: "'codes' must be int32 indices, not images or embeddings.",
      });
    if (params.dim % params.heads !== 0)
      diagnostics.push({
        severity: 'error' as const,
        message: `heads (${params.heads}) must divide dim ${params.dim}.`,
      });
    const [b = 'B', ...rest] = t.shape;
    const known = rest.map(knownDim);
    const n = known.every((d) => d !== undefined)
      ? known.reduce<number>((a, d) => a * (d ?? 1), 1)
      : 'N';
    if (typeof n === 'number' && n > params.maxLength)
      diagnostics.push({
        severity: 'error' as const,
        port: 'codes',
        message: `The code grid has ${n} positions but maxLength is ${params.maxLength}; set maxLength to at least ${n}.`,
      });
    return {
      outputs: {
        logits: tensorType('float32', [b, n, params.codebookSize]),
        nll: tensorType('float32', []),
        attention: tensorType('float32', [b, params.heads, n, n]),
      },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createGptPrior(tf, params, ctx),
  emit: { layerModule: 'transformer/gpt-prior/gpt-prior.layer', factory: 'createGptPrior' },
});
