// [B, H, W, C] -> [B, C]: the mean over all spatial positions.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export type GlobalAvgPoolParams = Record<string, never>;

export const createGlobalAvgPoolLayer = (
  tf: TF,
  _params: GlobalAvgPoolParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => ({ y: tf.mean(inputs['x'] as Tensor, [1, 2]) }),
});
