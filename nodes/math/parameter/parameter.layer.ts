// A learned tensor of exactly `shape` (one weight, 'value'), initialised from the node's seed.
import type {
  BuildContext,
  NodeLayer,
  TF,
  Variable,
} from '../../../core/node-contract/node-definition';
import { onesVar, seedStream, zerosVar } from '../../shared/init';

export interface ParameterParams {
  shape: readonly number[];
  init: string;
}

const initialValue = (tf: TF, shape: number[], init: string, seed: number): Variable => {
  if (init === 'zeros') return zerosVar(tf, shape);
  if (init === 'ones') return onesVar(tf, shape);
  const std = init === 'normal-1' ? 1 : 0.02;
  const s = seedStream(seed).next();
  return tf.tidy(() => tf.variable(tf.randomNormal(shape, 0, std, 'float32', s), true));
};

export const createParameterLayer = (
  tf: TF,
  params: ParameterParams,
  ctx: BuildContext,
): NodeLayer => {
  const weights = { value: initialValue(tf, [...params.shape], params.init, ctx.seed) };
  return { weights, apply: () => ({ y: weights.value }) };
};
