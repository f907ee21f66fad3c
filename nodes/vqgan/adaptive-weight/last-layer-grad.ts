// Norm of the gradient of a loss w.r.t. the kernel of a stride-1 'same' conv, from the conv's
// input and the loss's gradient at the conv's output (what PyTorch's autograd.grad(loss, W) gives).
// b batch, h w spatial, ci input channels, co output channels, k odd kernel size
import type { TF, Tensor } from '../../../core/node-contract/node-definition';

/**
 * dL/dW[ky, kx, ci, co] = sum_{b,y,x} xpad[b, y+ky, x+kx, ci] * dz[b, y, x, co]; returns ||dL/dW||_2.
 * Written as k*k slices and matMuls so it runs on every backend (no Conv2DBackpropFilter needed).
 */
export const convKernelGradNorm = (tf: TF, x: Tensor, dz: Tensor, k: number): Tensor => {
  const [b = 1, h = 1, w = 1, ci = 1] = x.shape;
  const co = dz.shape[3] ?? 1;
  const p = (k - 1) / 2;
  const xpad =
    p > 0
      ? tf.pad(x, [
          [0, 0],
          [p, p],
          [p, p],
          [0, 0],
        ])
      : x;
  const d = tf.reshape(dz, [b * h * w, co]);
  let sq: Tensor = tf.scalar(0);
  for (let ky = 0; ky < k; ky++)
    for (let kx = 0; kx < k; kx++) {
      const patch = tf.reshape(tf.slice(xpad, [0, ky, kx, 0], [b, h, w, ci]), [b * h * w, ci]);
      sq = tf.add(sq, tf.sum(tf.square(tf.matMul(patch, d, true, false))));
    }
  return tf.sqrt(sq);
};
