// Reshape to a target written as text ("B, -1, 64"); names copy the actual size of that input axis.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';
import { concreteTarget, resolveTarget } from './reshape-target';

export interface ReshapeParams {
  shape: string;
}

export const createReshapeLayer = (tf: TF, params: ReshapeParams, ctx: BuildContext): NodeLayer => {
  const x = ctx.inputs['x'];
  if (!x || x.kind !== 'tensor')
    throw new Error('shape/reshape needs a tensor on x at build time.');
  const resolved = resolveTarget(params.shape, x.shape);
  if (!resolved.target) throw new Error(`shape/reshape: ${resolved.error}`);
  const target = resolved.target;
  return {
    weights: {},
    apply: (inputs) => {
      const t = inputs['x'] as Tensor;
      return { y: tf.reshape(t, concreteTarget(target, t.shape)) };
    },
  };
};
