// NADE: neural autoregressive distribution estimator with weights shared across conditionals.
// b batch, h w spatial, c channels (NHWC); d = h*w*c pixels in raster order; k hidden units.
// Larochelle & Murray 2011, eq. (2)-(3):
//   h_i = sigmoid(c + W_{:,<i} x_{<i}),   p(x_i = 1 | x_<i) = sigmoid(b_i + V_i . h_i)
// The pre-activations a_i = c + sum_{j<i} x_j W_j are an exclusive cumulative sum over j,
// so all d conditionals cost O(d k) per example (eq. 6's recurrence a_{i+1} = a_i + x_i W_i).
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { requirePixels } from '../shared/image-shape';
import type { NadeParams } from './nade.params';

export const createNadeLayer = (tf: TF, params: NadeParams, ctx: BuildContext): NodeLayer => {
  const d = requirePixels(ctx.inputs.x, ctx.nodeId);
  const k = params.hidden;
  // input->hidden W and hidden->output V, both stored k x d: column i of V reads hidden state h_i.
  const w = tf.variable(
    tf.randomUniform([k, d], -1 / Math.sqrt(d), 1 / Math.sqrt(d), 'float32', ctx.seed),
  );
  const v = tf.variable(
    tf.randomUniform([k, d], -1 / Math.sqrt(k), 1 / Math.sqrt(k), 'float32', ctx.seed + 1),
  );
  const c = tf.variable(tf.zeros([k, 1]));
  const b = tf.variable(tf.zeros([d]));
  return {
    weights: { w, v, c, b },
    apply(inputs) {
      const x = inputs.x;
      if (!x) throw new Error(`NADE ${ctx.nodeId}: input x is missing.`);
      const flat = tf.reshape(x, [-1, 1, d]);
      // contributions x_j W_{:,j}: b x k x d; an exclusive cumsum over j (the last axis) gives
      // sum_{j<i}. (tfjs 4.22's Cumsum gradient has the wrong shape for a non-last axis.)
      const contrib = tf.mul(flat, w);
      const a = tf.add(tf.cumsum(contrib, 2, true), c);
      const hid = tf.sigmoid(a);
      const logits = tf.add(tf.sum(tf.mul(hid, v), 1), b);
      return { logits: tf.reshape(logits, x.shape) };
    },
  };
};
