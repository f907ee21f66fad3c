// Joins the connected inputs (a, b, then c, d when connected) along one axis (tf.concat).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface ConcatParams {
  axis: number;
}

export const concatPorts = ['a', 'b', 'c', 'd'] as const;

export const createConcatLayer = (
  tf: TF,
  params: ConcatParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const parts = concatPorts.map((p) => inputs[p]).filter((t): t is Tensor => t !== undefined);
    const rank = parts[0]?.rank ?? 1;
    const axis = params.axis < 0 ? params.axis + rank : params.axis;
    return { y: tf.concat(parts, axis) };
  },
});
