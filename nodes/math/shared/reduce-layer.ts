// The runtime layer of a reduction (Mean, Sum) over the given axes (empty = all).
import type { NodeLayer, TF, Tensor } from '../../../core/node-contract/node-definition';
import { reduceAxes } from './axes';

export interface ReduceParams {
  axes: readonly number[];
  keepDims: boolean;
}

export const reduceLayer = (tf: TF, params: ReduceParams, op: 'mean' | 'sum'): NodeLayer => ({
  weights: {},
  apply: (inputs) => {
    const x = inputs['x'] as Tensor;
    const r = reduceAxes(params.axes, x.rank);
    if ('bad' in r) throw new Error(`Axis ${r.bad} does not fit a rank-${x.rank} input.`);
    return {
      y: op === 'mean' ? tf.mean(x, r.axes, params.keepDims) : tf.sum(x, r.axes, params.keepDims),
    };
  },
});
