// Embedding lookup: int32 indices [...] -> rows of a table [vocab, dim] -> [..., dim].
// tf.gather: its gradient w.r.t. the table is UnsortedSegmentSum (registered for wasm by Tessera).
import type {
  BuildContext,
  NodeLayer,
  TF,
  Tensor,
  Variable,
} from '../../../core/node-contract/node-definition';
import { seedStream } from '../../shared/init';

export interface EmbeddingParams {
  vocabSize: number;
  dim: number;
  init: string;
}

/** indices [...] (int32) -> [..., dim] rows of table [vocab, dim]. */
export const embeddingForward = (tf: TF, indices: Tensor, table: Tensor): Tensor => {
  const dim = table.shape[1] as number;
  const flat = tf.reshape(indices.dtype === 'int32' ? indices : tf.cast(indices, 'int32'), [-1]);
  return tf.reshape(tf.gather(table, flat), [...indices.shape, dim]);
};

export const createEmbeddingLayer = (
  tf: TF,
  params: EmbeddingParams,
  ctx: BuildContext,
): NodeLayer => {
  const seeds = seedStream(ctx.seed);
  const std = params.init === 'normal-0.02' ? 0.02 : 1;
  const weights: Record<string, Variable> = {
    table: tf.tidy(() =>
      tf.variable(
        tf.randomNormal([params.vocabSize, params.dim], 0, std, 'float32', seeds.next()),
        true,
      ),
    ),
  };
  return {
    weights,
    apply: (inputs) => {
      const indices = inputs['indices'];
      if (!indices) throw new Error('layers/embedding needs indices.');
      return { y: embeddingForward(tf, indices, weights['table'] as Variable) };
    },
    dispose: () => tf.dispose(Object.values(weights)),
  };
};
