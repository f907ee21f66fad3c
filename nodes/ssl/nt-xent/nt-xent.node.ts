// n pairs (the batch), d embedding width; output: scalars.
import { weightlessCost } from '../../../core/node-contract/cost';
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { shapesAgree, tensorInput } from '../../shared/shape-checks';
import { createNtXentLayer } from './nt-xent.layer';

export const ntXentNode = defineNode({
  id: 'ssl/nt-xent',
  version: 1,
  title: 'NT-Xent loss (InfoNCE)',
  category: 'loss',
  role: 'loss',
  doc:
    "SimCLR's contrastive loss. za[i] and zb[i] are the projections of two views of example i: after " +
    'l2 normalisation, each of the 2N embeddings must pick its partner out of the other 2N - 1 by cosine ' +
    'similarity / temperature (a softmax cross entropy; the other examples of the batch are the ' +
    'negatives). Also gives the fraction of anchors whose nearest embedding is their partner.',
  paper: {
    citation:
      'Chen et al., A Simple Framework for Contrastive Learning of Visual Representations (SimCLR, 2020), eq. (1); van den Oord et al., Representation Learning with Contrastive Predictive Coding (InfoNCE, 2018)',
    url: 'https://arxiv.org/abs/2002.05709',
    equation:
      'l(i,j) = -log exp(sim(z_i,z_j)/tau) / sum_{k != i} exp(sim(z_i,z_k)/tau); L = mean over the 2N anchors',
  },
  inputs: [
    {
      name: 'za',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['N', 'D'],
      doc: 'Projections of the first views.',
    },
    {
      name: 'zb',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['N', 'D'],
      doc: 'Projections of the second views (same shape).',
    },
  ],
  outputs: [
    { name: 'loss', kind: 'tensor', dtype: 'float32', rank: 0, dims: [], doc: 'Mean NT-Xent.' },
    {
      name: 'accuracy',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      gradient: 'none',
      doc: 'Fraction of the 2N anchors whose most similar other embedding is their partner.',
    },
  ],
  params: {
    temperature: {
      kind: 'float',
      default: 0.5,
      min: 0.01,
      max: 10,
      doc: 'tau: lower sharpens the softmax (SimCLR: 0.5 on CIFAR-10, 0.1 on ImageNet).',
    },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const a = tensorInput(ctx, 'za', diagnostics, { rank: 2, what: 'embeddings N x D' });
    const b = tensorInput(ctx, 'zb', diagnostics, { rank: 2, what: 'embeddings N x D' });
    if (a && b && !shapesAgree(a.shape, b.shape))
      diagnostics.push({
        severity: 'error',
        port: 'zb',
        message: `The two views give embeddings of different shapes (za ${formatShape(a.shape)}, zb ${formatShape(b.shape)}); pass both views through the same encoder and projection head, and give both Augment nodes the same size (0 keeps the input size).`,
      });
    return {
      outputs: { loss: tensorType('float32', []), accuracy: tensorType('float32', []) },
      diagnostics,
    };
  },
  build: (tf, params, ctx) => createNtXentLayer(tf, params, ctx),
  cost: weightlessCost,
  emit: { layerModule: 'ssl/nt-xent/nt-xent.layer', factory: 'createNtXentLayer' },
});
