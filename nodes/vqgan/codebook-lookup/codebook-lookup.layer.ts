// Code indices back to code vectors: z_q[b, y, x] = e[s[b, y, x]] (the decoder's input for sampled codes).
// b batch, h w code grid, k codebook size, d code dim
import type { TF, Tensor, NodeLayer } from '../../../core/node-contract/node-definition';

/** One-hot x codebook matMul, so a gradient to the codebook exists on every backend. */
export const lookupCodes = (tf: TF, indices: Tensor, codebook: Tensor): Tensor => {
  const [k = 1, d = 1] = codebook.shape;
  const oneHot = tf.cast(tf.oneHot(tf.reshape(tf.cast(indices, 'int32'), [-1]), k), 'float32');
  return tf.reshape(tf.matMul(oneHot, codebook), [...indices.shape, d]);
};

export const createCodebookLookup = (tf: TF): NodeLayer => ({
  weights: {},
  apply: (inputs) => ({ quantized: lookupCodes(tf, inputs['indices'] as Tensor, inputs['codebook'] as Tensor) }),
});
