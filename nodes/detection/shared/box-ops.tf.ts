// Differentiable box arithmetic on tensors for the set loss: [..., 4] cxcywh -> xyxy, and the
// generalised IoU of two aligned sets of xyxy boxes [..., 4] -> [...] (Rezatofighi et al. 2019).
import type { TF, Tensor } from '../../../core/node-contract/node-definition';
import type { BoxFormat } from './box-ops';

export const xyxyTensor = (tf: TF, boxes: Tensor, format: BoxFormat): Tensor => {
  if (format === 'xyxy') return boxes;
  const [c, s] = tf.split(boxes, [2, 2], -1) as [Tensor, Tensor];
  const half = tf.mul(s, 0.5);
  return tf.concat([tf.sub(c, half), tf.add(c, half)], -1);
};

const EPS = 1e-7;

/** GIoU of aligned xyxy boxes a, b [..., 4] -> [...]. */
export const giouTensor = (tf: TF, a: Tensor, b: Tensor): Tensor => {
  const [a0, a1] = tf.split(a, [2, 2], -1) as [Tensor, Tensor];
  const [b0, b1] = tf.split(b, [2, 2], -1) as [Tensor, Tensor];
  // Width x height of [..., 2] extents (clamped at 0); tf.prod's gradient fails on axis -1.
  const prod = (t: Tensor): Tensor => {
    const [w, h] = tf.split(tf.relu(t), [1, 1], -1) as [Tensor, Tensor];
    return tf.squeeze(tf.mul(w, h), [t.rank - 1]);
  };
  const areaA = prod(tf.sub(a1, a0));
  const areaB = prod(tf.sub(b1, b0));
  const inter = prod(tf.sub(tf.minimum(a1, b1), tf.maximum(a0, b0)));
  const union = tf.sub(tf.add(areaA, areaB), inter);
  const hull = prod(tf.sub(tf.maximum(a1, b1), tf.minimum(a0, b0)));
  const iouT = tf.div(inter, tf.add(union, EPS));
  return tf.sub(iouT, tf.div(tf.sub(hull, union), tf.add(hull, EPS)));
};
