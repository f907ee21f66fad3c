// DCGAN discriminator / WGAN critic: two stride-2 convolutions (F, 2F maps) with an activation,
// then a dense layer to one score per image. Optional batch norm after the second convolution
// (DCGAN); off for WGAN-GP: the penalty is defined per sample (Gulrajani et al. 2017, section 4).
// b batch, h w spatial, c channels (NHWC), f base feature maps.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import {
  activate,
  batchNorm,
  glorotVariable,
  knownDim,
  normalVariable,
  onesVariable,
  zerosVariable,
} from '../shared/gan-ops';
import type { DcganDiscriminatorParams } from './dcgan-discriminator.params';

export const createDcganDiscriminatorLayer = (
  tf: TF,
  p: DcganDiscriminatorParams,
  ctx: BuildContext,
): NodeLayer => {
  const inType = ctx.inputs['image'];
  const shape = inType?.kind === 'tensor' ? inType.shape : [];
  const h = knownDim(shape[1], 28);
  const w = knownDim(shape[2], 28);
  const c = knownDim(shape[3], 1);
  const f = p.baseChannels;
  const k = p.kernel;
  const h4 = Math.ceil(Math.ceil(h / 2) / 2);
  const w4 = Math.ceil(Math.ceil(w / 2) / 2);
  const flat = h4 * w4 * 2 * f;
  const init = (shape: number[], fanIn: number, fanOut: number, seed: number): Variable =>
    p.init === 'glorot'
      ? glorotVariable(tf, shape, fanIn, fanOut, seed)
      : normalVariable(tf, shape, 0.02, seed);
  const weights: Record<string, Variable> = {
    conv1W: init([k, k, c, f], k * k * c, k * k * f, ctx.seed),
    conv1B: zerosVariable(tf, [f]),
    conv2W: init([k, k, f, 2 * f], k * k * f, k * k * 2 * f, ctx.seed + 1),
    conv2B: zerosVariable(tf, [2 * f]),
    denseW: init([flat, 1], flat, 1, ctx.seed + 2),
    denseB: zerosVariable(tf, [1]),
  };
  if (p.batchNorm) {
    weights['bnGamma'] = onesVariable(tf, [2 * f]);
    weights['bnBeta'] = zerosVariable(tf, [2 * f]);
  }
  const wt = (name: string): Variable => {
    const v = weights[name];
    if (!v) throw new Error(`dcgan-discriminator: missing weight ${name}`);
    return v;
  };

  const apply: NodeLayer['apply'] = (inputs) => {
    const image = inputs['image'];
    if (!image) throw new Error('dcgan-discriminator: input image is not connected.');
    const b = image.shape[0] ?? 1;
    let x: Tensor = tf.add(
      tf.conv2d(image as never, wt('conv1W') as never, 2, 'same'),
      wt('conv1B'),
    );
    x = activate(tf, x, p.activation, p.leak);
    x = tf.add(tf.conv2d(x as never, wt('conv2W') as never, 2, 'same'), wt('conv2B'));
    if (p.batchNorm) x = batchNorm(tf, x, wt('bnGamma'), wt('bnBeta'));
    x = activate(tf, x, p.activation, p.leak);
    const logit = tf.add(tf.matMul(tf.reshape(x, [b, flat]), wt('denseW')), wt('denseB'));
    return { score: p.outputSigmoid ? tf.sigmoid(logit) : logit };
  };
  return { weights, apply };
};
