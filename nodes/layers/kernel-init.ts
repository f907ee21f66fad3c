// Kernel initialisers selectable by the `init` param of Dense, Conv2D and ConvTranspose2D.
// Every draw takes its seed from the node's SeedStream, so equal document seeds give equal weights.
import type { TF, Variable } from '../../core/node-contract/node-definition';
import { glorotUniform, heNormal, type SeedStream } from '../shared/init';

export const kernelInitOptions = ['glorot-uniform', 'he-normal', 'normal-0.02'] as const;

/** A trainable kernel of `shape`; fanIn/fanOut as Keras counts them (receptive field x channels). */
export const initKernel = (
  tf: TF,
  init: string,
  shape: number[],
  fanIn: number,
  fanOut: number,
  seeds: SeedStream,
): Variable => {
  if (init === 'he-normal') return heNormal(tf, shape, fanIn, seeds);
  if (init === 'normal-0.02')
    return tf.tidy(() =>
      tf.variable(tf.randomNormal(shape, 0, 0.02, 'float32', seeds.next()), true),
    );
  return glorotUniform(tf, shape, fanIn, fanOut, seeds);
};
