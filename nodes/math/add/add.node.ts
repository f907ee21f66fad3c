// a ..., b ... -> y, the broadcast shape.
import { binaryNode } from '../shared/binary-node';
import { createAddLayer } from './add.layer';

export const addNode = binaryNode({
  id: 'math/add',
  title: 'Add',
  doc: 'Elementwise a + b with NumPy-style broadcasting (torch.add / a + b, keras.layers.Add): axes aligned from the right must be equal or 1, and missing leading axes are added. Residual connections, adding a position embedding or a bias of shape [C] to B x N x C.',
  build: createAddLayer,
  factory: 'createAddLayer',
});
