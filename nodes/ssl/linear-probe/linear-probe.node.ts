// b batch, f feature width, k classes; loss and accuracy: scalars.
import { concreteDim, tensorShape } from '../../../core/node-contract/cost';
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { isKnown, tensorInput } from '../../shared/shape-checks';
import { createLinearProbeLayer } from './linear-probe.layer';

export const linearProbeNode = defineNode({
  id: 'ssl/linear-probe',
  version: 1,
  title: 'Linear Probe',
  category: 'loss',
  role: 'layer',
  doc:
    'The standard test of a self-supervised representation: a linear classifier (logits = h W + b) on ' +
    'the features of a frozen, pre-trained encoder, trained with softmax cross entropy on the labels; ' +
    'its test accuracy measures how linearly separable the classes are in feature space. Put it in a ' +
    'stage that freezes the encoder and updates only the probe (the training pass refuses a stage that ' +
    'would train the encoder through it). Connected to raw pixels (a Flatten), it is logistic regression.',
  paper: {
    citation:
      'Zhang, Isola, Efros, Colorful Image Colorization (2016) and Oord et al. (CPC, 2018): the linear evaluation protocol; as used by SimCLR (Chen et al. 2020), section B.6',
    url: 'https://arxiv.org/abs/2002.05709',
    equation: 'L = -mean_i log softmax(h_i W + b)[y_i]',
  },
  inputs: [
    {
      name: 'features',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', 'F'],
      doc: 'Encoder features h, B x F (from a frozen encoder).',
      frozenUpstream: true,
      frozenUpstreamReason:
        'a linear probe measures the pre-trained features, so the encoder that makes them must not learn from the labels',
    },
    {
      name: 'labels',
      kind: 'tensor',
      dtype: 'int32',
      rank: 1,
      dims: ['B'],
      gradient: 'none',
      doc: 'Class ids 0..K-1 (the dataset label).',
    },
  ],
  outputs: [
    { name: 'logits', kind: 'tensor', dtype: 'float32', rank: 2, dims: ['B', 'K'], doc: 'B x K.' },
    { name: 'loss', kind: 'tensor', dtype: 'float32', rank: 0, dims: [], doc: 'Cross entropy.' },
    {
      name: 'accuracy',
      kind: 'tensor',
      dtype: 'float32',
      rank: 0,
      dims: [],
      gradient: 'none',
      doc: 'Fraction of the batch classified right.',
    },
  ],
  params: {
    classes: { kind: 'int', default: 10, min: 2, max: 100000, doc: 'Number of classes K.' },
  },
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const h = tensorInput(ctx, 'features', diagnostics, {
      rank: 2,
      what: 'features B x F (Flatten or Global Average Pool a feature map first)',
    });
    tensorInput(ctx, 'labels', diagnostics, { rank: 1, what: 'labels B' });
    if (h && !isKnown(h.shape[1]))
      diagnostics.push({
        severity: 'error',
        port: 'features',
        message: 'Linear Probe needs a known feature width F; flatten to a fixed size first.',
      });
    if (diagnostics.length > 0 || !h) return { outputs: {}, diagnostics };
    const k = ctx.params.classes;
    return {
      outputs: {
        logits: tensorType('float32', [h.shape[0]!, k]),
        loss: tensorType('float32', []),
        accuracy: tensorType('float32', []),
      },
      diagnostics,
    };
  },
  cost: ({ params, inputs, batchSize }) => {
    const f = concreteDim(tensorShape(inputs['features'], "input 'features'"), -1, batchSize, 'F');
    return { params: f * params.classes + params.classes, macs: f * params.classes };
  },
  build: (tf, params, ctx) => createLinearProbeLayer(tf, params, ctx),
  emit: { layerModule: 'ssl/linear-probe/linear-probe.layer', factory: 'createLinearProbeLayer' },
});
