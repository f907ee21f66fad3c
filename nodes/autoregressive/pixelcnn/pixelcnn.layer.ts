// PixelCNN for binary single-channel images (van den Oord, Kalchbrenner & Kavukcuoglu 2016).
// b batch, h w spatial, c = 1 channel (NHWC); f = 2h features of the residual stream.
//   x -> 7x7 conv mask A (1 -> f)
//     -> blocks x [relu, 1x1 (f -> f/2), relu, 3x3 conv mask B (f/2 -> f/2), relu, 1x1 (f/2 -> f), + skip]  (figure 5)
//     -> relu, 1x1 (f -> o), relu, 1x1 (o -> 1) = Bernoulli logits
import type * as tfjs from '@tensorflow/tfjs';
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import type { PixelcnnParams } from './pixelcnn.params';
import { conv1x1, maskedConv2d, maskedTaps } from './masked-conv';

export const createPixelcnnLayer = (
  tf: TF,
  params: PixelcnnParams,
  ctx: BuildContext,
): NodeLayer => {
  const x = ctx.inputs.x;
  if (!x || x.kind !== 'tensor' || x.shape[3] !== 1)
    throw new Error(`PixelCNN ${ctx.nodeId}: x must be B x H x W x 1.`);
  const f = params.features;
  const half = Math.max(1, Math.floor(f / 2));
  const tapsA = maskedTaps(params.firstKernel, 'A');
  const tapsB = maskedTaps(3, 'B');
  const weights: Record<string, tfjs.Variable> = {};
  let seed = ctx.seed;
  // Variance-1/fan-in uniform init, seeded per tensor.
  const kernel = (name: string, shape: number[], fanIn: number): tfjs.Variable => {
    const lim = Math.sqrt(3 / fanIn);
    const v = tf.variable(tf.randomUniform(shape, -lim, lim, 'float32', seed++));
    weights[`${name}/kernel`] = v;
    return v;
  };
  const bias = (name: string, n: number): tfjs.Variable => {
    const v = tf.variable(tf.zeros([n]));
    weights[`${name}/bias`] = v;
    return v;
  };
  const inK = kernel('in', [tapsA.length, 1, f], tapsA.length);
  const inB = bias('in', f);
  const blocks = Array.from({ length: params.blocks }, (_, i) => {
    const n = `block${i + 1}`;
    return {
      downK: kernel(`${n}/down`, [f, half], f),
      downB: bias(`${n}/down`, half),
      convK: kernel(`${n}/conv`, [tapsB.length, half, half], tapsB.length * half),
      convB: bias(`${n}/conv`, half),
      upK: kernel(`${n}/up`, [half, f], half),
      upB: bias(`${n}/up`, f),
    };
  });
  const hidK = kernel('out1', [f, params.outputFeatures], f);
  const hidB = bias('out1', params.outputFeatures);
  const outK = kernel('out2', [params.outputFeatures, 1], params.outputFeatures);
  const outB = bias('out2', 1);
  return {
    weights,
    apply(inputs) {
      const img = inputs.x;
      if (!img) throw new Error(`PixelCNN ${ctx.nodeId}: input x is missing.`);
      let s = maskedConv2d(tf, img as tfjs.Tensor4D, inK, inB, tapsA);
      for (const bl of blocks) {
        let r = conv1x1(tf, tf.relu(s), bl.downK, bl.downB);
        r = maskedConv2d(tf, tf.relu(r), bl.convK, bl.convB, tapsB);
        r = conv1x1(tf, tf.relu(r), bl.upK, bl.upB);
        s = tf.add(s, r);
      }
      const hid = conv1x1(tf, tf.relu(s), hidK, hidB);
      return { logits: conv1x1(tf, tf.relu(hid), outK, outB) };
    },
  };
};
