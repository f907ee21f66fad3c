// [B, ...] -> [B, prod(...)]: keeps the first axis, flattens the rest in row-major order.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export type FlattenParams = Record<string, never>;

export const createFlattenLayer = (
  tf: TF,
  _params: FlattenParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const x = inputs['x'] as Tensor;
    return { y: tf.reshape(x, [x.shape[0] ?? 1, -1]) };
  },
});
