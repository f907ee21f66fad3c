// ... any shape, unchanged.
import { elementwiseNode } from '../../activation/shared/elementwise-node';
import { createScaleLayer } from './scale.layer';

export const scaleNode = elementwiseNode({
  id: 'math/scale',
  title: 'Scale',
  category: 'math',
  doc: 'y = x * factor + shift with fixed numbers (x * c + d in PyTorch; keras.layers.Rescaling(scale, offset)). Maps data between ranges, e.g. [0, 1] to [-1, 1] with factor 2 and shift -1, or scales a loss by a constant weight. Nothing is learned; for a learned scale use Parameter and Multiply.',
  params: {
    factor: { kind: 'float', default: 1, min: -1e6, max: 1e6, doc: 'Multiplies x.' },
    shift: {
      kind: 'float',
      default: 0,
      min: -1e6,
      max: 1e6,
      doc: 'Added after the multiplication.',
    },
  },
  build: (tf, params, ctx) => createScaleLayer(tf, params, ctx),
  factory: 'createScaleLayer',
});
