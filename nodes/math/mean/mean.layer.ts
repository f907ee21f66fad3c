// Mean over the given axes (empty = all), optionally keeping them as size 1.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { reduceLayer, type ReduceParams } from '../shared/reduce-layer';

export const createMeanLayer = (tf: TF, params: ReduceParams, _ctx?: BuildContext): NodeLayer =>
  reduceLayer(tf, params, 'mean');
