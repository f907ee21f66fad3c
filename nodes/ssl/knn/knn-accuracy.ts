// k-nearest-neighbour accuracy of a representation (the kNN monitor of InstDisc / DINO): each test
// feature votes among the k train features of highest cosine similarity; majority vote, ties
// broken by the summed similarity. Chunked so that a 10,000 x 60,000 similarity never lives at once.
// n train rows, m test rows, f feature width.
import type { TF, Tensor } from '../../../core/node-contract/node-definition';

export interface KnnInput {
  /** Row-major features, rows x width. */
  features: Float32Array;
  labels: Int32Array;
  width: number;
}

const normalisedRows = (tf: TF, x: KnnInput): Tensor =>
  tf.tidy(() => {
    const t = tf.tensor2d(x.features, [x.labels.length, x.width]);
    return tf.div(t, tf.sqrt(tf.add(tf.sum(tf.square(t), 1, true), 1e-12)));
  });

/** Fraction of test rows whose k nearest train rows (cosine) vote for their label. */
export const knnAccuracy = (
  tf: TF,
  train: KnnInput,
  test: KnnInput,
  k: number,
  classes: number,
  chunk = 500,
): number => {
  // [F, N], so that the similarity is a plain (untransposed) matmul: wasm's fast path.
  const trainN = tf.tidy(() => tf.transpose(normalisedRows(tf, train)));
  let right = 0;
  const m = test.labels.length;
  for (let start = 0; start < m; start += chunk) {
    const end = Math.min(m, start + chunk);
    const { values, indices } = tf.tidy(() => {
      const q = normalisedRows(tf, {
        features: test.features.subarray(start * test.width, end * test.width),
        labels: test.labels.subarray(start, end),
        width: test.width,
      });
      const top = tf.topk(tf.matMul(q, trainN), k);
      return { values: top.values.dataSync(), indices: top.indices.dataSync() };
    });
    for (let i = 0; i < end - start; i++) {
      const votes = new Array<number>(classes).fill(0);
      const sims = new Array<number>(classes).fill(0);
      for (let j = 0; j < k; j++) {
        const c = train.labels[indices[i * k + j] ?? 0] ?? 0;
        votes[c] = (votes[c] ?? 0) + 1;
        sims[c] = (sims[c] ?? 0) + (values[i * k + j] ?? 0);
      }
      let best = 0;
      for (let c = 1; c < classes; c++)
        if (
          (votes[c] ?? 0) > (votes[best] ?? 0) ||
          ((votes[c] ?? 0) === (votes[best] ?? 0) && (sims[c] ?? 0) > (sims[best] ?? 0))
        )
          best = c;
      if (best === test.labels[start + i]) right++;
    }
  }
  trainN.dispose();
  return right / m;
};
