// For the pair-loss tests (mse, l1, bce): the scalar a loss node gives for two 1-D inputs.
import type { AnyNodeDefinition, TF } from '../../core/node-contract/node-definition';
import { applyCtx, buildCtx, paramsOf } from '../shared/test-kit';

export const pairLossValue = async (
  tf: TF,
  def: AnyNodeDefinition,
  a: number[],
  b: number[],
  ports: [string, string],
  weight = 1,
): Promise<number> => {
  const layer = await def.build(tf, paramsOf(def, { weight }) as never, buildCtx({}));
  const out = layer.apply({ [ports[0]]: tf.tensor1d(a), [ports[1]]: tf.tensor1d(b) }, applyCtx());
  return (await out.loss!.data())[0]!;
};
