// Softmax along one axis: exp(x - max) / sum exp(x - max). Written out rather than tf.softmax
// (last axis only, and its gradient has a wrong second derivative); the max is a constant
// shift (its gradient is zero in exact arithmetic) and is kept off the tape (the
// gradient of max's gradient does not exist in tfjs).
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { elementwiseLayer } from '../shared/elementwise-layer';
import { normalizeAxis } from '../../math/shared/axes';
import { noGrad } from '../../shared/gradient';
import { smoothExp } from '../shared/smooth-ops';

export interface SoftmaxParams {
  axis: number;
}

export const createSoftmaxLayer = (
  tf: TF,
  params: SoftmaxParams,
  _ctx?: BuildContext,
): NodeLayer => {
  const exp = smoothExp(tf);
  return elementwiseLayer((x) => {
    const axis = normalizeAxis(params.axis, x.rank);
    if (axis === undefined)
      throw new Error(`Softmax axis ${params.axis} is out of range for a rank-${x.rank} input.`);
    const max = noGrad(tf, [x], (a) => tf.max(a, axis, true));
    const e = exp(tf.sub(x, max));
    return tf.div(e, tf.sum(e, axis, true));
  });
};
