// b batch, h w spatial, c channels (NHWC); k codebook size, d code dim.
// A VQ-VAE-like conv autoencoder for benchmarks and backend tests (van den Oord et al. 2017):
// enc 28x28x1 -> 14x14x32 -> 7x7x64 -> 7x7xd, nearest-code quantisation with a
// straight-through gradient, dec back to 28x28x1. Loss: recon MSE + codebook + 0.25 commitment.
import type * as tfType from '@tensorflow/tfjs';
import type { StepDefinition, Tf } from '../../parallel/step-program';
import { blobImages, shardRange, stopGradient, variableFactory } from './model-utils';

export interface AutoencoderConfig {
  batch: number;
  seed?: number;
  codes?: number;
  codeDim?: number;
  lr?: number;
  /** base width (32) */ width?: number;
}

export const autoencoderStep: StepDefinition<AutoencoderConfig> = {
  create(tf: Tf, cfg: AutoencoderConfig) {
    const k = cfg.codes ?? 64,
      d = cfg.codeDim ?? 16,
      c1 = cfg.width ?? 32,
      c2 = 2 * c1;
    const v = variableFactory(tf, 'vqae', cfg.seed ?? 1);
    const w = {
      e1: v.glorot('e1', [4, 4, 1, c1], 16, 16 * c1),
      e1b: v.constant('e1b', [c1], 0),
      e2: v.glorot('e2', [4, 4, c1, c2], 16 * c1, 16 * c2),
      e2b: v.constant('e2b', [c2], 0),
      e3: v.glorot('e3', [1, 1, c2, d], c2, d),
      e3b: v.constant('e3b', [d], 0),
      codebook: v.glorot('codebook', [k, d], k, d),
      d1: v.glorot('d1', [3, 3, d, c2], 9 * d, 9 * c2),
      d1b: v.constant('d1b', [c2], 0),
      d2: v.glorot('d2', [4, 4, c1, c2], 16 * c2, 16 * c1),
      d2b: v.constant('d2b', [c1], 0),
      d3: v.glorot('d3', [4, 4, 1, c1], 16 * c1, 16),
      d3b: v.constant('d3b', [1], 0),
    };
    const variables = Object.values(w);
    const optimizer = tf.train.adam(cfg.lr ?? 2e-3);
    const loss = (ctx: { step: number; shard: number; shards: number }): tfType.Scalar => {
      const [b0, b1] = shardRange(cfg.batch, ctx);
      const x = blobImages(tf, ctx.step, b0, b1);
      const n = b1 - b0;
      const h1 = tf.relu(
        tf.conv2d(x, w.e1 as tfType.Tensor4D, 2, 'same').add(w.e1b),
      ) as tfType.Tensor4D;
      const h2 = tf.relu(
        tf.conv2d(h1, w.e2 as tfType.Tensor4D, 2, 'same').add(w.e2b),
      ) as tfType.Tensor4D;
      const z = tf.conv2d(h2, w.e3 as tfType.Tensor4D, 1, 'same').add(w.e3b);
      const zf = z.reshape([n * 49, d]);
      // Nearest code: argMin of ||z - c||^2; indices leave the tape through a data copy.
      const dist = tf
        .sum(tf.square(stopGradient(tf, zf)), 1, true)
        .sub(tf.matMul(stopGradient(tf, zf), stopGradient(tf, w.codebook), false, true).mul(2))
        .add(tf.sum(tf.square(stopGradient(tf, w.codebook)), 1).reshape([1, k]));
      const idx = tf.tensor1d(tf.argMin(dist, 1).dataSync() as Int32Array, 'int32');
      const q = tf.gather(w.codebook, idx); // gradient: UnsortedSegmentSum
      const codebookLoss = tf.mean(tf.square(q.sub(stopGradient(tf, zf))));
      const commitLoss = tf.mean(tf.square(zf.sub(stopGradient(tf, q))));
      const st = zf.add(stopGradient(tf, q.sub(zf))).reshape([n, 7, 7, d]) as tfType.Tensor4D;
      const g1 = tf.relu(
        tf.conv2d(st, w.d1 as tfType.Tensor4D, 1, 'same').add(w.d1b),
      ) as tfType.Tensor4D;
      const g2 = tf.relu(
        tf.conv2dTranspose(g1, w.d2 as tfType.Tensor4D, [n, 14, 14, c1], 2, 'same').add(w.d2b),
      ) as tfType.Tensor4D;
      const y = tf.sigmoid(
        tf.conv2dTranspose(g2, w.d3 as tfType.Tensor4D, [n, 28, 28, 1], 2, 'same').add(w.d3b),
      );
      const recon = tf.mean(tf.square(y.sub(x)));
      return recon.add(codebookLoss).add(commitLoss.mul(0.25)) as tfType.Scalar;
    };
    return {
      phases: [{ name: 'ae', variables, optimizer, loss }],
      variables,
      dispose: () => {
        tf.dispose(variables);
        optimizer.dispose();
      },
    };
  },
};

/** Forward + backward FLOPs of one step at batch b (convs and matmuls only, ~3x forward). */
export function autoencoderFlops(b: number, k = 64, d = 16): number {
  const fwd =
    2 *
    b *
    (14 * 14 * 32 * 16 +
      7 * 7 * 64 * 16 * 32 +
      49 * 64 * d +
      49 * 9 * d * 64 +
      49 * 16 * 64 * 32 +
      196 * 16 * 32 +
      49 * k * d);
  return 3 * fwd;
}
