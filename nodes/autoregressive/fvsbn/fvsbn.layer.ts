// FVSBN: fully visible sigmoid belief network, one logistic regression per pixel.
// b batch, h w spatial, c channels (NHWC); d = h*w*c pixels in raster order.
// p(x_i = 1 | x_<i) = sigmoid(b_i + sum_{j<i} W_ji x_j)  (Frey 1998; Gan et al. 2015, eq. 1)
import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { requirePixels } from '../shared/image-shape';
import type { FvsbnParams } from './fvsbn.params';

/** d x d mask with M[j, i] = 1 when j < i (input j may feed output i). */
export const strictlyUpperMask = (tf: TF, d: number): tfjs.Tensor2D =>
  tf.tidy(() => tf.sub(tf.linalg.bandPart(tf.ones([d, d]), 0, -1), tf.eye(d)) as tfjs.Tensor2D);

export const createFvsbnLayer = (tf: TF, params: FvsbnParams, ctx: BuildContext): NodeLayer => {
  const d = requirePixels(ctx.inputs.x, ctx.nodeId);
  const mask = strictlyUpperMask(tf, d);
  const w = tf.variable(
    params.initScale > 0
      ? tf.randomNormal([d, d], 0, params.initScale, 'float32', ctx.seed)
      : tf.zeros([d, d]),
  );
  const b = tf.variable(tf.zeros([d]));
  return {
    weights: { w, b },
    apply(inputs) {
      const x = inputs.x;
      if (!x) throw new Error(`FVSBN ${ctx.nodeId}: input x is missing.`);
      const flat = tf.reshape(x, [-1, d]);
      const logits = tf.add(tf.matMul(flat, tf.mul(w, mask)), b);
      return { logits: tf.reshape(logits, x.shape) };
    },
    dispose() {
      mask.dispose();
    },
  };
};
