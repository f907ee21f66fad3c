// DCGAN generator (Radford et al. 2016): z -> dense -> (H/4 x W/4 x 2F) -> transposed conv
// stride 2 -> (H/2 x W/2 x F) -> transposed conv stride 2 -> (H x W x C), relu between.
// b batch, z latent dim, h w spatial, f base feature maps, c output channels (NHWC).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import {
  batchNorm,
  knownDim,
  normalVariable,
  onesVariable,
  zerosVariable,
} from '../shared/gan-ops';
import type { DcganGeneratorParams } from './dcgan-generator.params';

export const createDcganGeneratorLayer = (
  tf: TF,
  p: DcganGeneratorParams,
  ctx: BuildContext,
): NodeLayer => {
  const zType = ctx.inputs['z'];
  const zDim = zType?.kind === 'tensor' ? knownDim(zType.shape[1], 64) : 64;
  const h4 = Math.floor(p.height / 4);
  const w4 = Math.floor(p.width / 4);
  const f2 = 2 * p.baseChannels;
  const k = p.kernel;
  // DCGAN's initialiser: N(0, 0.02) weights, zero biases, BN gamma 1.
  const weights: NodeLayer['weights'] = {
    denseW: normalVariable(tf, [zDim, h4 * w4 * f2], 0.02, ctx.seed),
    denseB: zerosVariable(tf, [h4 * w4 * f2]),
    // conv2dTranspose filters are [k, k, outChannels, inChannels].
    up1W: normalVariable(tf, [k, k, p.baseChannels, f2], 0.02, ctx.seed + 1),
    up1B: zerosVariable(tf, [p.baseChannels]),
    up2W: normalVariable(tf, [k, k, p.channels, p.baseChannels], 0.02, ctx.seed + 2),
    up2B: zerosVariable(tf, [p.channels]),
  };
  if (p.batchNorm) {
    weights['bn0Gamma'] = onesVariable(tf, [f2]);
    weights['bn0Beta'] = zerosVariable(tf, [f2]);
    weights['bn1Gamma'] = onesVariable(tf, [p.baseChannels]);
    weights['bn1Beta'] = zerosVariable(tf, [p.baseChannels]);
  }
  const w = (name: string): Tensor => {
    const v = weights[name];
    if (!v) throw new Error(`dcgan-generator: missing weight ${name}`);
    return v;
  };
  const norm = (x: Tensor, i: number): Tensor =>
    p.batchNorm ? batchNorm(tf, x, w(`bn${i}Gamma`), w(`bn${i}Beta`)) : x;

  const apply: NodeLayer['apply'] = (inputs) => {
    const z = inputs['z'];
    if (!z) throw new Error('dcgan-generator: input z is not connected.');
    const b = z.shape[0] ?? 1;
    let x: Tensor = tf.add(tf.matMul(z as Tensor, w('denseW')), w('denseB'));
    x = tf.reshape(x, [b, h4, w4, f2]);
    x = tf.relu(norm(x, 0));
    x = tf.add(
      tf.conv2dTranspose(
        x as never,
        w('up1W') as never,
        [b, 2 * h4, 2 * w4, p.baseChannels],
        2,
        'same',
      ),
      w('up1B'),
    );
    x = tf.relu(norm(x, 1));
    x = tf.add(
      tf.conv2dTranspose(
        x as never,
        w('up2W') as never,
        [b, p.height, p.width, p.channels],
        2,
        'same',
      ),
      w('up2B'),
    );
    const image = p.output === 'sigmoid' ? tf.sigmoid(x) : p.output === 'tanh' ? tf.tanh(x) : x;
    return { image };
  };
  return { weights, apply };
};
