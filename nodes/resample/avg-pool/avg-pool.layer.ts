// Avg pooling over k x k windows of an NHWC map (tf.avgPool), stride 0 = the window size.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { poolStride, type PoolParams } from '../shared/pool-params';

export const createAvgPoolLayer = (tf: TF, params: PoolParams, _ctx?: BuildContext): NodeLayer => ({
  weights: {},
  apply: (inputs) => ({
    y: tf.avgPool(
      inputs['x'] as Parameters<TF['avgPool']>[0],
      params.size,
      poolStride(params),
      params.padding === 'same' ? 'same' : 'valid',
    ) as Tensor,
  }),
});
