// GELU: x * Phi(x). 'none' is exact, 0.5 x (1 + erf(x / sqrt 2)); 'tanh' is the approximation
// 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). Both have correct second derivatives.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { elementwiseLayer } from '../shared/elementwise-layer';
import { smoothTanh } from '../shared/smooth-ops';

export interface GeluParams {
  approximate: string;
}

export const createGeluLayer = (tf: TF, params: GeluParams, _ctx?: BuildContext): NodeLayer => {
  if (params.approximate === 'tanh') {
    const tanh = smoothTanh(tf);
    const c = Math.sqrt(2 / Math.PI);
    return elementwiseLayer((x) =>
      tf.mul(tf.mul(0.5, x), tf.add(1, tanh(tf.mul(c, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))))))),
    );
  }
  return elementwiseLayer((x) =>
    tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2)))),
  );
};
