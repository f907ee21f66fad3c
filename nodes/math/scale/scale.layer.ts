// y = x * factor + shift, elementwise, any shape.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface ScaleParams {
  factor: number;
  shift: number;
}

export const createScaleLayer = (tf: TF, params: ScaleParams, _ctx?: BuildContext): NodeLayer => ({
  weights: {},
  apply: (inputs) => ({ y: tf.add(tf.mul(inputs['x'] as Tensor, params.factor), params.shift) }),
});
