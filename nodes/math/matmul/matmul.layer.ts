// a [..., M, K] x b [..., K, N] -> [..., M, N]; a rank-2 b is shared over a's batch by
// reshaping a to (prod(...) * M) x K, one 2-D product.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface MatMulParams {
  transposeA: boolean;
  transposeB: boolean;
}

export const createMatMulLayer = (
  tf: TF,
  params: MatMulParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const a = inputs['a'] as Tensor;
    const b = inputs['b'] as Tensor;
    if (b.rank === 2 && a.rank > 2) {
      const perm = [...Array.from({ length: a.rank - 2 }, (_, i) => i), a.rank - 1, a.rank - 2];
      const at = params.transposeA ? tf.transpose(a, perm) : a;
      const k = at.shape[at.rank - 1] as number;
      const y2 = tf.matMul(tf.reshape(at, [-1, k]), b, false, params.transposeB);
      return { y: tf.reshape(y2, [...at.shape.slice(0, -1), y2.shape[1] as number]) };
    }
    return { y: tf.matMul(a, b, params.transposeA, params.transposeB) };
  },
});
