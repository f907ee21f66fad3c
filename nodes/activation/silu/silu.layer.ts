// SiLU / Swish: y = x * sigmoid(x), with a sigmoid whose second derivative is right.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { elementwiseLayer } from '../shared/elementwise-layer';
import { smoothSigmoid } from '../shared/smooth-ops';

export const createSiluLayer = (
  tf: TF,
  _params: Record<string, never>,
  _ctx?: BuildContext,
): NodeLayer => {
  const sigmoid = smoothSigmoid(tf);
  return elementwiseLayer((x) => tf.mul(x, sigmoid(x)));
};
