// y = a * b elementwise with NumPy-style broadcasting.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { binaryLayer } from '../shared/binary-layer';

export const createMultiplyLayer = (
  tf: TF,
  _params: Record<string, never>,
  _ctx?: BuildContext,
): NodeLayer => binaryLayer((a, b) => tf.mul(a, b));
