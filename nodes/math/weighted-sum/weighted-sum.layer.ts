// wa*a + wb*b + wc*c + wd*d over the connected inputs (same shapes, or scalars).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
} from '../../../core/node-contract/node-definition';

export interface WeightedSumParams {
  wa: number;
  wb: number;
  wc: number;
  wd: number;
}

export const weightedSumPorts = ['a', 'b', 'c', 'd'] as const;

export const createWeightedSumLayer = (
  tf: TF,
  params: WeightedSumParams,
  _ctx?: BuildContext,
): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const w: Record<string, number> = { a: params.wa, b: params.wb, c: params.wc, d: params.wd };
    let sum: Tensor | undefined;
    for (const port of weightedSumPorts) {
      const x = inputs[port];
      if (!x) continue;
      const term = tf.mul(x, w[port] ?? 1);
      sum = sum ? tf.add(sum, term) : term;
    }
    if (!sum) throw new Error('math/weighted-sum needs at least one input.');
    return { sum };
  },
});
