// Reorders the axes: y.shape[i] = x.shape[perm[i]] (tf.transpose).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface PermuteParams {
  perm: readonly number[];
}

export const createPermuteLayer = (
  tf: TF,
  params: PermuteParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => ({ y: tf.transpose(inputs['x'] as Tensor, [...params.perm]) }),
});
