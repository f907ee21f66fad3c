// Cuts x along one axis into pieces of the given sizes: out0, out1, ... (tf.split).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface SplitParams {
  sizes: readonly number[];
  axis: number;
}

export const splitOutputs = ['out0', 'out1', 'out2', 'out3'] as const;

export const createSplitLayer = (tf: TF, params: SplitParams, _ctx?: BuildContext): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const x = inputs['x'] as Tensor;
    const axis = params.axis < 0 ? params.axis + x.rank : params.axis;
    const pieces = tf.split(x, [...params.sizes], axis);
    const out: Record<string, Tensor> = {};
    pieces.forEach((p, i) => (out[splitOutputs[i] as string] = p));
    return out;
  },
});
