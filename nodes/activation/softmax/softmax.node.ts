// ... any shape, unchanged; normalised along `axis`.
import { formatShape } from '../../../core/shapes/tensor-type';
import { axisRange, normalizeAxis } from '../../math/shared/axes';
import { elementwiseNode } from '../shared/elementwise-node';
import { createSoftmaxLayer } from './softmax.layer';

export const softmaxNode = elementwiseNode({
  id: 'activation/softmax',
  title: 'Softmax',
  doc: 'Turns scores into probabilities along one axis: exp(x) / sum(exp(x)), computed stably by subtracting the max (torch.nn.Softmax(dim), keras.layers.Softmax(axis)). Use it for attention weights or class probabilities you want to look at; for a classification loss feed the logits to a cross-entropy loss instead, which is more stable.',
  paper: {
    citation:
      'Bridle. Probabilistic Interpretation of Feedforward Classification Network Outputs. 1990',
    equation: 'y_i = exp(x_i) / sum_j exp(x_j) along axis',
  },
  params: {
    axis: {
      kind: 'int',
      default: -1,
      min: -8,
      max: 7,
      doc: 'Axis to normalise along; negative counts from the end (-1 is the last axis).',
    },
  },
  check: (params, x) =>
    normalizeAxis(params.axis, x.shape.length) === undefined
      ? [
          {
            severity: 'error',
            port: 'x',
            message: `Softmax axis ${params.axis} is out of range for the rank-${x.shape.length} input (${formatShape(x.shape)}); valid axes are ${axisRange(x.shape.length)} (-1 is the last axis).`,
          },
        ]
      : [],
  build: (tf, params, ctx) => createSoftmaxLayer(tf, params, ctx),
  factory: 'createSoftmaxLayer',
});
