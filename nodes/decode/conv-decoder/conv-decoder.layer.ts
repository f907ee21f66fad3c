// Convolutional decoder, the mirror of the conv encoder: a 3x3 conv to widths[0], `resBlocks`
// residual blocks, then per entry of `widths` a 4x4 stride-2 transposed conv (doubling h and w),
// and a final relu + 3x3 conv to `outChannels` with an optional output activation.
// b batch, h w spatial, c channels (NHWC); s = 2^widths.length.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { conv2dTransposeUnit, conv2dUnit, residualUnit, type ConvUnit } from '../../shared/conv';
import { seedStream } from '../../shared/init';

export interface ConvDecoderParams {
  widths: readonly number[];
  resBlocks: number;
  outChannels: number;
  outActivation: string;
}

export const createConvDecoderLayer = (
  tf: TF,
  params: ConvDecoderParams,
  ctx: BuildContext,
): NodeLayer => {
  const input = ctx.inputs.z;
  const inChannels = input?.kind === 'tensor' ? Number(input.shape[3]) : NaN;
  if (!Number.isInteger(inChannels))
    throw new Error(`decode/conv-decoder ${ctx.nodeId}: input channels unknown.`);
  const seeds = seedStream(ctx.seed);
  const first = params.widths[0] ?? 1;
  const stem = conv2dUnit(tf, 'in', inChannels, first, 3, 1, seeds);
  const res: ConvUnit[] = [];
  for (let r = 0; r < params.resBlocks; r++)
    res.push(residualUnit(tf, `res${r}`, first, Math.max(1, first >> 1), seeds));
  const ups: ConvUnit[] = [];
  let c = first;
  params.widths.forEach((w, i) => {
    ups.push(conv2dTransposeUnit(tf, `up${i}`, c, w, 4, 2, seeds));
    c = w;
  });
  const out = conv2dUnit(tf, 'out', c, params.outChannels, 3, 1, seeds);
  const weights: Record<string, Variable> = {};
  for (const u of [stem, ...res, ...ups, out]) Object.assign(weights, u.weights);
  const activate = (y: Tensor): Tensor =>
    params.outActivation === 'sigmoid'
      ? tf.sigmoid(y)
      : params.outActivation === 'tanh'
        ? tf.tanh(y)
        : y;
  return {
    weights,
    apply: (inputs) => {
      const z = inputs.z;
      if (!z) throw new Error('decode/conv-decoder needs z.');
      let h = stem.apply(z);
      for (const r of res) h = r.apply(h);
      for (const u of ups) h = u.apply(tf.relu(h));
      return { x: activate(out.apply(tf.relu(h))) };
    },
  };
};
