// Seeded weight initialisers shared by layer files. tf comes in as an argument.
// Every variable a layer creates draws its seed from one SeedStream, itself seeded by the
// node's BuildContext.seed, so a build with the same document seed gives the same weights.
import type { TF, Variable } from '../../core/node-contract/node-definition';

export interface SeedStream {
  next(): number;
}

/** A tiny LCG: distinct 31-bit seeds for successive initialisers of one node. */
export const seedStream = (seed: number): SeedStream => {
  let s = (seed >>> 0) % 2147483647 || 1;
  return { next: () => (s = (s * 48271) % 2147483647) };
};

/** He/Kaiming normal (He et al. 2015): std = sqrt(2 / fanIn), for weights before a ReLU. */
export const heNormal = (tf: TF, shape: number[], fanIn: number, seeds: SeedStream): Variable =>
  tf.tidy(() =>
    tf.variable(tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', seeds.next()), true),
  );

/** Glorot/Xavier uniform (Glorot & Bengio 2010): limit = sqrt(6 / (fanIn + fanOut)). */
export const glorotUniform = (
  tf: TF,
  shape: number[],
  fanIn: number,
  fanOut: number,
  seeds: SeedStream,
): Variable => {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  return tf.tidy(() =>
    tf.variable(tf.randomUniform(shape, -limit, limit, 'float32', seeds.next()), true),
  );
};

export const zerosVar = (tf: TF, shape: number[], trainable = true): Variable =>
  tf.tidy(() => tf.variable(tf.zeros(shape), trainable));

export const onesVar = (tf: TF, shape: number[], trainable = true): Variable =>
  tf.tidy(() => tf.variable(tf.ones(shape), trainable));
