// Takes `size` entries of one axis starting at `begin` (-1 = to the end); other axes whole.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface SliceParams {
  axis: number;
  begin: number;
  size: number;
}

export const createSliceLayer = (tf: TF, params: SliceParams, _ctx?: BuildContext): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const x = inputs['x'] as Tensor;
    const axis = params.axis < 0 ? params.axis + x.rank : params.axis;
    const begin = x.shape.map((_, i) => (i === axis ? params.begin : 0));
    const size = x.shape.map((_, i) => (i === axis ? params.size : -1));
    return { y: tf.slice(x, begin, size) };
  },
});
