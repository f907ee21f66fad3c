// PatchGAN discriminator (Isola et al. 2017; taming-transformers' NLayerDiscriminator):
// C(f, s2) - [C(f*2^i, s2) - Norm]... - C(f*2^n, s1) - Norm - C(1, s1); 4x4 kernels, padding 1, LeakyReLU 0.2.
// b batch, h w spatial, c channels (NHWC); f base width, n strided layers; p = gh*gw patches
import type {
  TF,
  Tensor,
  Variable,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { concreteDim } from '../../attention/shape-helpers';

export interface PatchganParams {
  baseChannels: number;
  layers: number;
  norm: string;
}

interface ConvSpec {
  cin: number;
  cout: number;
  stride: number;
  norm: boolean;
  act: boolean;
}

/** The conv stack, shared by build and shape inference. */
export const patchganConvs = (channels: number, p: PatchganParams): ConvSpec[] => {
  const specs: ConvSpec[] = [
    { cin: channels, cout: p.baseChannels, stride: 2, norm: false, act: true },
  ];
  let c = p.baseChannels;
  for (let i = 1; i < p.layers; i++) {
    const next = p.baseChannels * Math.min(2 ** i, 8);
    specs.push({ cin: c, cout: next, stride: 2, norm: p.norm === 'batch', act: true });
    c = next;
  }
  const last = p.baseChannels * Math.min(2 ** p.layers, 8);
  specs.push({ cin: c, cout: last, stride: 1, norm: p.norm === 'batch', act: true });
  specs.push({ cin: last, cout: 1, stride: 1, norm: false, act: false });
  return specs;
};

/** Output size of a 4x4 conv with padding 1: floor((n + 2 - 4) / s) + 1. */
export const patchOut = (n: number, stride: number): number => Math.floor((n - 2) / stride) + 1;

export const createPatchganDiscriminator = (
  tf: TF,
  params: PatchganParams,
  ctx: BuildContext,
): NodeLayer => {
  const channels = concreteDim(ctx.inputs['image'], 3, 'PatchGAN input channels');
  const specs = patchganConvs(channels, params);
  const weights: Record<string, Variable> = {};
  // Weights ~ N(0, 0.02), norm gains ~ N(1, 0.02) as in pix2pix / taming (weights_init).
  const layers = specs.map((s, i) => {
    const kernel = tf.tidy(() =>
      tf.variable(
        tf.randomNormal([4, 4, s.cin, s.cout], 0, 0.02, 'float32', ctx.seed + 41 + i),
        true,
      ),
    );
    const bias = s.norm ? undefined : tf.tidy(() => tf.variable(tf.zeros([s.cout]), true));
    const gain = s.norm
      ? tf.tidy(() =>
          tf.variable(tf.randomNormal([s.cout], 1, 0.02, 'float32', ctx.seed + 61 + i), true),
        )
      : undefined;
    const shift = s.norm ? tf.tidy(() => tf.variable(tf.zeros([s.cout]), true)) : undefined;
    weights[`conv${i}.kernel`] = kernel;
    if (bias) weights[`conv${i}.bias`] = bias;
    if (gain && shift) {
      weights[`norm${i}.gain`] = gain;
      weights[`norm${i}.shift`] = shift;
    }
    return { s, kernel, bias, gain, shift };
  });
  return {
    weights,
    apply(inputs) {
      let h = inputs['image'] as Tensor;
      for (const { s, kernel, bias, gain, shift } of layers) {
        const padded = tf.pad(h, [
          [0, 0],
          [1, 1],
          [1, 1],
          [0, 0],
        ]);
        h = tf.conv2d(padded as never, kernel as never, s.stride, 'valid');
        if (bias) h = tf.add(h, bias);
        if (gain && shift) {
          // BatchNorm with the statistics of the batch at hand (the discriminator always runs in training mode).
          const { mean, variance } = tf.moments(h, [0, 1, 2], true);
          h = tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, 1e-5))), gain), shift);
        }
        if (s.act) h = tf.leakyRelu(h, 0.2);
      }
      const [b = 1, gh = 1, gw = 1] = h.shape;
      return { logits: h, scores: tf.reshape(h, [b * gh * gw, 1]) };
    },
  };
};
