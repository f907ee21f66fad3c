// Code indices back to code vectors: z_q[b, y, x] = e[s[b, y, x]] (the decoder's input for sampled codes).
// b batch, h w code grid, k codebook size, d code dim
//
// The codebook comes either from a `codebook` input (K x D), or is mirrored from a quantizer's outputs
// on real data: every row of `quantized` IS the codebook row named by `sourceIndices` at that position,
// so each batch gives the exact current vector of every code it uses. Codes never used on the data
// stay zero in the mirror (a prior trained on the same data gives them almost no probability).
import type {
  TF,
  Tensor,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';

export interface CodebookLookupParams {
  codebookSize: number;
}

/** One-hot x codebook matMul, so a gradient to the codebook exists on every backend. */
export const lookupCodes = (tf: TF, indices: Tensor, codebook: Tensor): Tensor => {
  const [k = 1, d = 1] = codebook.shape;
  const oneHot = tf.cast(tf.oneHot(tf.reshape(tf.cast(indices, 'int32'), [-1]), k), 'float32');
  return tf.reshape(tf.matMul(oneHot, codebook), [...indices.shape, d]);
};

export const createCodebookLookup = (
  tf: TF,
  params: CodebookLookupParams,
  ctx?: BuildContext,
): NodeLayer => {
  const q = ctx?.inputs['quantized'];
  const d = q?.kind === 'tensor' ? q.shape[q.shape.length - 1] : undefined;
  const k = params.codebookSize;
  // With a codebook input the lookup is exact; the mirror is only built when none is connected.
  const hasCodebook = ctx?.inputs['codebook'] !== undefined;
  const mirror =
    !hasCodebook && typeof d === 'number' && k > 0
      ? {
          book: tf.tidy(() => tf.variable(tf.zeros([k, d]), false)),
          seen: tf.tidy(() => tf.variable(tf.zeros([k]), false)),
        }
      : undefined;
  return {
    weights: {},
    ...(mirror ? { state: { mirror: mirror.book, seen: mirror.seen } } : {}),
    apply: (inputs) => {
      const indices = inputs['indices'] as Tensor;
      const codebook = inputs['codebook'];
      if (codebook) return { quantized: lookupCodes(tf, indices, codebook) };
      const quantized = inputs['quantized'];
      const source = inputs['sourceIndices'];
      if (!mirror)
        throw new Error(
          'vqgan/codebook-lookup: connect codebook, or quantized + sourceIndices and set codebookSize.',
        );
      if (quantized && source) {
        // Mean of the rows assigned to each code (all equal to its codebook vector).
        const oneHot = tf.cast(tf.oneHot(tf.reshape(tf.cast(source, 'int32'), [-1]), k), 'float32');
        const counts = tf.sum(oneHot, 0);
        const sums = tf.matMul(
          oneHot,
          tf.reshape(quantized, [-1, mirror.book.shape[1] ?? 1]),
          true,
          false,
        );
        const present = tf.reshape(tf.cast(tf.greater(counts, 0), 'float32'), [k, 1]);
        const means = tf.div(sums, tf.reshape(tf.maximum(counts, 1), [k, 1]));
        mirror.book.assign(tf.add(tf.mul(mirror.book, tf.sub(1, present)), tf.mul(means, present)));
        mirror.seen.assign(tf.maximum(mirror.seen, tf.reshape(present, [k])));
      }
      return { quantized: lookupCodes(tf, indices, mirror.book) };
    },
    preview: () => (mirror ? { codesSeen: tf.tidy(() => tf.sum(mirror.seen).dataSync()[0]) } : {}),
    dispose: () => {
      if (mirror) tf.dispose([mirror.book, mirror.seen]);
    },
  };
};
