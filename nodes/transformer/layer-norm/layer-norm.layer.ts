// LayerNorm over the last axis with a learned gain and bias (Ba, Kiros, Hinton 2016).
// ... any leading dims, c the normalised (last) axis
import type {
  TF,
  Tensor,
  NodeLayer,
  BuildContext,
} from '../../../core/node-contract/node-definition';
import { constWeight, layerNorm } from '../../attention/attention-ops';
import { concreteDim } from '../../attention/shape-helpers';

export interface LayerNormParams {
  eps: number;
}

export const createLayerNorm = (tf: TF, params: LayerNormParams, ctx: BuildContext): NodeLayer => {
  const x = ctx.inputs['x'];
  const c = concreteDim(x, x?.kind === 'tensor' ? x.shape.length - 1 : 0, 'LayerNorm width');
  const weights = { gain: constWeight(tf, [c], 1), bias: constWeight(tf, [c], 0) };
  return {
    weights,
    apply: (inputs) => ({
      y: layerNorm(tf, inputs['x'] as Tensor, weights.gain, weights.bias, params.eps),
    }),
  };
};
