// Convolutional encoder: per entry of `widths`, a 4x4 stride-2 conv (halving h and w) then
// `resBlocks` residual blocks; a final relu + 1x1 conv to `outChannels` (the code dim d).
// b batch, h w spatial, c channels (NHWC); s = 2^widths.length.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Variable,
} from '../../../core/node-contract/node-definition';
import { conv2dUnit, residualUnit, type ConvUnit } from '../../shared/conv';
import { seedStream } from '../../shared/init';

export interface ConvEncoderParams {
  widths: readonly number[];
  resBlocks: number;
  outChannels: number;
}

export const createConvEncoderLayer = (
  tf: TF,
  params: ConvEncoderParams,
  ctx: BuildContext,
): NodeLayer => {
  const input = ctx.inputs.x;
  const inChannels = input?.kind === 'tensor' ? Number(input.shape[3]) : NaN;
  if (!Number.isInteger(inChannels))
    throw new Error(`encode/conv-encoder ${ctx.nodeId}: input channels unknown.`);
  const seeds = seedStream(ctx.seed);
  const units: { unit: ConvUnit; relu: boolean }[] = [];
  let c = inChannels;
  params.widths.forEach((w, i) => {
    units.push({ unit: conv2dUnit(tf, `down${i}`, c, w, 4, 2, seeds), relu: true });
    for (let r = 0; r < params.resBlocks; r++)
      units.push({
        unit: residualUnit(tf, `down${i}.res${r}`, w, Math.max(1, w >> 1), seeds),
        relu: false,
      });
    c = w;
  });
  const out = conv2dUnit(tf, 'out', c, params.outChannels, 1, 1, seeds);
  const weights: Record<string, Variable> = {};
  for (const { unit } of units) Object.assign(weights, unit.weights);
  Object.assign(weights, out.weights);
  return {
    weights,
    apply: (inputs) => {
      let h = inputs.x;
      if (!h) throw new Error('encode/conv-encoder needs x.');
      for (const { unit, relu } of units) h = relu ? tf.relu(unit.apply(h)) : unit.apply(h);
      return { z: out.apply(tf.relu(h)) };
    },
  };
};
