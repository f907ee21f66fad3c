// A fixed tensor of `shape` filled with `value`; nothing is learned.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';

export interface ConstantParams {
  shape: readonly number[];
  value: number;
}

export const createConstantLayer = (
  tf: TF,
  params: ConstantParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: () => ({ y: tf.fill([...params.shape], params.value) }),
});
