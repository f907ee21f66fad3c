// ReLU: y = max(0, x), elementwise, any shape.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { elementwiseLayer } from '../shared/elementwise-layer';

export const createReluLayer = (
  tf: TF,
  _params: Record<string, never>,
  _ctx?: BuildContext,
): NodeLayer => elementwiseLayer((x) => tf.relu(x));
