// b batch, h w spatial, c channels (NHWC); z latent dim.
// DCGAN (Radford et al. 2016) for 28x28x1: G z(100) -> dense 7x7x128, BN, relu ->
// convT 5x5/2 -> 14x14x64, BN, relu -> convT 5x5/2 -> 28x28x1, tanh.
// D 28x28x1 -> conv 5x5/2 -> 14x14x64, lrelu -> conv 5x5/2 -> 7x7x128, lrelu -> dense 1.
// Non-saturating loss: L_D = softplus(-D(x)) + softplus(D(G(z))), L_G = softplus(-D(G(z))).
import type * as tfType from '@tensorflow/tfjs';
import type { StepDefinition, Tf } from '../../parallel/step-program';
import { blobImages, noise, shardRange, variableFactory } from './model-utils';

export interface DcganConfig {
  batch: number;
  seed?: number;
  lr?: number;
  latent?: number;
  /** base width (64) */ width?: number;
}

export const dcganStep: StepDefinition<DcganConfig> = {
  create(tf: Tf, cfg: DcganConfig) {
    const zd = cfg.latent ?? 100,
      c1 = cfg.width ?? 64,
      c2 = 2 * c1,
      flat = 49 * c2;
    const v = variableFactory(tf, 'dcgan', cfg.seed ?? 1);
    const g = {
      fc: v.glorot('g/fc', [zd, flat], zd, flat),
      bn0g: v.constant('g/bn0g', [flat], 1),
      bn0b: v.constant('g/bn0b', [flat], 0),
      t1: v.glorot('g/t1', [5, 5, c1, c2], 25 * c2, 25 * c1),
      bn1g: v.constant('g/bn1g', [c1], 1),
      bn1b: v.constant('g/bn1b', [c1], 0),
      t2: v.glorot('g/t2', [5, 5, 1, c1], 25 * c1, 25),
      t2b: v.constant('g/t2b', [1], 0),
    };
    const d = {
      c1: v.glorot('d/c1', [5, 5, 1, c1], 25, 25 * c1),
      c1b: v.constant('d/c1b', [c1], 0),
      c2: v.glorot('d/c2', [5, 5, c1, c2], 25 * c1, 25 * c2),
      c2b: v.constant('d/c2b', [c2], 0),
      fc: v.glorot('d/fc', [flat, 1], flat, 1),
      fcb: v.constant('d/fcb', [1], 0),
    };
    const bn = (
      x: tfType.Tensor,
      gamma: tfType.Tensor,
      beta: tfType.Tensor,
      axes: number[],
    ): tfType.Tensor => {
      const { mean, variance } = tf.moments(x, axes, true);
      return x
        .sub(mean)
        .mul(tf.rsqrt(variance.add(1e-5)))
        .mul(gamma)
        .add(beta);
    };
    const generate = (z: tfType.Tensor2D): tfType.Tensor4D => {
      const n = z.shape[0];
      const h0 = tf
        .relu(bn(tf.matMul(z, g.fc), g.bn0g, g.bn0b, [0]))
        .reshape([n, 7, 7, c2]) as tfType.Tensor4D;
      const h1 = tf.relu(
        bn(
          tf.conv2dTranspose(h0, g.t1 as tfType.Tensor4D, [n, 14, 14, c1], 2, 'same'),
          g.bn1g,
          g.bn1b,
          [0, 1, 2],
        ),
      ) as tfType.Tensor4D;
      return tf.tanh(
        tf.conv2dTranspose(h1, g.t2 as tfType.Tensor4D, [n, 28, 28, 1], 2, 'same').add(g.t2b),
      ) as tfType.Tensor4D;
    };
    const discriminate = (x: tfType.Tensor4D): tfType.Tensor => {
      const n = x.shape[0];
      const h1 = tf.leakyRelu(
        tf.conv2d(x, d.c1 as tfType.Tensor4D, 2, 'same').add(d.c1b),
        0.2,
      ) as tfType.Tensor4D;
      const h2 = tf.leakyRelu(tf.conv2d(h1, d.c2 as tfType.Tensor4D, 2, 'same').add(d.c2b), 0.2);
      return tf.matMul(h2.reshape([n, flat]), d.fc).add(d.fcb);
    };
    const dVars = Object.values(d),
      gVars = Object.values(g);
    const dOpt = tf.train.adam(cfg.lr ?? 2e-4, 0.5),
      gOpt = tf.train.adam(cfg.lr ?? 2e-4, 0.5);
    const dLoss = (ctx: { step: number; shard: number; shards: number }): tfType.Scalar => {
      const [b0, b1] = shardRange(cfg.batch, ctx);
      const real = blobImages(tf, ctx.step, b0, b1).mul(2).sub(1) as tfType.Tensor4D;
      const fake = generate(noise(tf, ctx.step, b0, b1, zd, 1));
      return tf
        .mean(tf.softplus(tf.neg(discriminate(real))))
        .add(tf.mean(tf.softplus(discriminate(fake)))) as tfType.Scalar;
    };
    const gLoss = (ctx: { step: number; shard: number; shards: number }): tfType.Scalar => {
      const [b0, b1] = shardRange(cfg.batch, ctx);
      return tf.mean(
        tf.softplus(tf.neg(discriminate(generate(noise(tf, ctx.step, b0, b1, zd, 2))))),
      ) as tfType.Scalar;
    };
    return {
      phases: [
        { name: 'd', variables: dVars, optimizer: dOpt, loss: dLoss },
        { name: 'g', variables: gVars, optimizer: gOpt, loss: gLoss },
      ],
      variables: [...dVars, ...gVars],
      dispose: () => {
        tf.dispose([...dVars, ...gVars]);
        dOpt.dispose();
        gOpt.dispose();
      },
    };
  },
};

/** Approximate FLOPs of one D+G step at batch b (convs and matmuls). */
export function dcganFlops(b: number, zd = 100): number {
  const gF = 2 * b * (zd * 6272 + 49 * 128 * 25 * 64 + 196 * 64 * 25);
  const dF = 2 * b * (196 * 25 * 64 + 49 * 25 * 64 * 128 + 6272);
  // D phase: G fwd + D fwd on 2 batches + D backward (dW and dx of layer 2) on 2 batches.
  const dPhase = gF + 2 * dF + 2 * (dF + dF - 2 * b * 196 * 25 * 64);
  // G phase: G fwd + D fwd + D dx + G backward (dW + dx).
  const gPhase = gF + dF + dF + 2 * gF;
  return dPhase + gPhase;
}
