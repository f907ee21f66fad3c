// MADE: masked autoencoder for distribution estimation (Germain et al. 2015).
// b batch, h w spatial, c channels (NHWC); d = h*w*c pixels; k_l units in hidden layer l.
//   h_1 = relu(x (W_1 * M_1) + b_1), ..., logits = h_L (V * M_V) + c  [+ x (A * M_A)]   (eq. 14)
// The masks (made-masks.ts) make logit i depend only on pixels earlier in the order.
import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { requirePixels } from '../shared/image-shape';
import { madeConnectivity, madeMaskPreview } from './made-masks';
import type { MadeParams } from './made.params';

export const createMadeLayer = (tf: TF, params: MadeParams, ctx: BuildContext): NodeLayer => {
  const d = requirePixels(ctx.inputs.x, ctx.nodeId);
  const order = params.order === 'random' ? 'random' : 'natural';
  const conn = madeConnectivity(d, params.hidden, order, params.maskSeed, params.directConnection);
  const masks = conn.masks.map((m) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]));
  const orderTensor = tf.tensor1d(conn.order, 'int32');
  const weights: Record<string, tfjs.Variable> = {};
  const mats: { w: tfjs.Variable; b?: tfjs.Variable; mask: tfjs.Tensor }[] = [];
  conn.masks.forEach((m, i) => {
    // Glorot-uniform on the fan-in/out of the full matrix, seeded per matrix.
    const lim = Math.sqrt(6 / (m.rows + m.cols));
    const w = tf.variable(tf.randomUniform([m.rows, m.cols], -lim, lim, 'float32', ctx.seed + i));
    weights[m.name] = w;
    const isDirect = m.name === 'a';
    const b = isDirect ? undefined : tf.variable(tf.zeros([m.cols]));
    if (b) weights[m.name === 'v' ? 'c' : `b${i + 1}`] = b;
    mats.push({ w, b, mask: masks[i] as tfjs.Tensor });
  });
  const nHidden = params.hidden.length;
  return {
    weights,
    apply(inputs) {
      const x = inputs.x;
      if (!x) throw new Error(`MADE ${ctx.nodeId}: input x is missing.`);
      const flat = tf.reshape(x, [-1, d]);
      const dense = (a: tfjs.Tensor, i: number): tfjs.Tensor => {
        const m = mats[i] as (typeof mats)[number];
        const y = tf.matMul(a as tfjs.Tensor2D, tf.mul(m.w, m.mask) as tfjs.Tensor2D);
        return m.b ? tf.add(y, m.b) : y;
      };
      let h: tfjs.Tensor = flat;
      for (let l = 0; l < nHidden; l++) h = tf.relu(dense(h, l));
      let logits = dense(h, nHidden);
      if (params.directConnection) logits = tf.add(logits, dense(flat, nHidden + 1));
      return { logits: tf.reshape(logits, x.shape), order: tf.clone(orderTensor) };
    },
    preview: () => {
      const x = ctx.inputs.x;
      const shape =
        x && x.kind === 'tensor'
          ? x.shape.slice(1).map((s) => (typeof s === 'number' ? s : 0))
          : [d];
      return madeMaskPreview(conn, shape);
    },
    dispose() {
      for (const m of masks) m.dispose();
      orderTensor.dispose();
    },
  };
};
