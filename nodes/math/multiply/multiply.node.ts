// a ..., b ... -> y, the broadcast shape.
import { binaryNode } from '../shared/binary-node';
import { createMultiplyLayer } from './multiply.layer';

export const multiplyNode = binaryNode({
  id: 'math/multiply',
  title: 'Multiply',
  doc: 'Elementwise (Hadamard) product a * b with NumPy-style broadcasting (torch.mul / a * b, keras.layers.Multiply): axes aligned from the right must be equal or 1, and missing leading axes are added. Gates (x * sigmoid(g)), masks, FiLM-style scaling. For a matrix product use MatMul.',
  build: createMultiplyLayer,
  factory: 'createMultiplyLayer',
});
