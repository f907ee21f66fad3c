// Max pooling over k x k windows of an NHWC map (tf.maxPool), stride 0 = the window size.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { poolStride, type PoolParams } from '../shared/pool-params';

export const createMaxPoolLayer = (tf: TF, params: PoolParams, _ctx?: BuildContext): NodeLayer => ({
  weights: {},
  apply: (inputs) => ({
    y: tf.maxPool(
      inputs['x'] as Parameters<TF['maxPool']>[0],
      params.size,
      poolStride(params),
      params.padding === 'same' ? 'same' : 'valid',
    ) as Tensor,
  }),
});
