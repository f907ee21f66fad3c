// Embedding: int32 indices [...] -> float32 [..., dim].
import { defineNode, type PortDiagnostic } from '../../../core/node-contract/node-definition';
import { tensorType, type ValueType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { createEmbeddingLayer } from './embedding.layer';

export const embeddingNode = defineNode({
  id: 'layers/embedding',
  version: 1,
  title: 'Embedding',
  category: 'layers',
  role: 'layer',
  doc:
    'Looks up a learned vector for every integer index: y[..., :] = table[indices[...], :], so indices of any shape [...] become [..., dim]. ' +
    'Turns token ids, class labels or codebook indices into features for a transformer or a conditional model; only the rows that were looked up receive gradient. ' +
    'Indices must lie in [0, vocabSize). The equivalent of PyTorch nn.Embedding and Keras Embedding.',
  inputs: [
    {
      name: 'indices',
      kind: 'tensor',
      dtype: 'int32',
      dims: ['...'],
      gradient: 'none',
      doc: 'Integer ids in [0, vocabSize), any shape.',
    },
  ],
  outputs: [
    {
      name: 'y',
      kind: 'tensor',
      dtype: 'float32',
      dims: ['...', 'dim'],
      doc: 'One table row per index.',
    },
  ],
  params: {
    vocabSize: {
      kind: 'int',
      default: 1000,
      min: 1,
      max: 1000000,
      doc: 'Rows of the table: the number of distinct ids (tokens, classes, codes).',
    },
    dim: { kind: 'int', default: 64, min: 1, max: 65536, doc: 'Length of each embedding vector.' },
    init: {
      kind: 'enum',
      default: 'normal-1',
      options: ['normal-1', 'normal-0.02'],
      doc: 'Table initialiser: normal-1 is N(0, 1) as in PyTorch; normal-0.02 is N(0, 0.02^2) as in GPT-2.',
    },
  },
  inferShapes(ctx) {
    const diagnostics: PortDiagnostic[] = [];
    const outputs: Record<string, ValueType> = {};
    const t = tensorInput(ctx, 'indices', diagnostics, { what: 'int32 indices' });
    if (t && t.dtype !== 'int32')
      diagnostics.push({
        severity: 'error',
        port: 'indices',
        message: `'indices' is ${t.dtype} but Embedding looks up int32 ids; connect an integer output (token ids, labels, argMax or codebook indices) or cast it to int32 first.`,
      });
    else if (t) outputs['y'] = tensorType('float32', [...t.shape, ctx.params.dim]);
    return { outputs, diagnostics };
  },
  cost: ({ params }) => ({ params: params.vocabSize * params.dim, macs: 0 }),
  build: (tf, params, ctx) => createEmbeddingLayer(tf, params, ctx),
  emit: { layerModule: 'layers/embedding/embedding.layer', factory: 'createEmbeddingLayer' },
});
