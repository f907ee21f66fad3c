// Batches of random windows from a text, characters (or UTF-8 bytes) as tokens. The text is split once: the first
// (1 - validation) of it trains, the rest is held out (the 'test' split: previews, evaluation).
// A window starts at a position drawn from the trainer's seeded RNG; targets are the window
// shifted by one character (next-character prediction, as in nanoGPT's get_batch).
// b batch, t context length; ids index the vocabulary (sorted distinct characters of the text)
import type {
  BuildContext,
  NodeLayer,
  TextArrays,
  TF,
} from '../../../core/node-contract/node-definition';
import type { TextFileParams } from './text-file.params';
import { textTokensOf } from './text-tokens';

export interface TextSplits {
  train: Int32Array;
  test: Int32Array;
}

/** The train/validation split: the last `validation` fraction of the text is held out. */
export const splitText = (ids: Int32Array, validation: number): TextSplits => {
  const n = Math.floor(ids.length * (1 - validation));
  return { train: ids.subarray(0, n), test: ids.subarray(n) };
};

export const loadTextFor = async (
  params: { source: string; tokens?: string },
  ctx: Pick<BuildContext, 'nodeId' | 'data'>,
  title: string,
): Promise<TextArrays> => {
  if (!ctx.data.loadText)
    throw new Error(`${title} (${ctx.nodeId}): this engine cannot read texts; update Tessera.`);
  try {
    return await ctx.data.loadText(params.source, textTokensOf(params.tokens));
  } catch (e) {
    throw new Error(`${title} (${ctx.nodeId}): ${(e as Error).message}`, { cause: e });
  }
};

export const createTextFileLayer = async (
  tf: TF,
  params: TextFileParams,
  ctx: BuildContext,
): Promise<NodeLayer> => {
  const text = await loadTextFor(params, ctx, 'Text File');
  const splits = splitText(text.ids, params.validation);
  const t = params.context;
  const unit = text.tokens === 'bytes' ? 'bytes' : 'characters';
  for (const [name, ids] of Object.entries(splits))
    if (ids.length < t + 2)
      throw new Error(
        `Text File (${ctx.nodeId}): the ${name === 'train' ? 'training' : 'validation'} part of ${params.source} has ${ids.length} ${unit}, fewer than context + 1 = ${t + 1}; use a longer text, a smaller context or another validation fraction.`,
      );
  return {
    weights: {},
    apply: (_inputs, actx) => {
      const ids = splits[actx.split];
      const b = actx.batchSize;
      const x = new Int32Array(b * t);
      const y = new Int32Array(b * t);
      for (let i = 0; i < b; i++) {
        const start = actx.rng.int(ids.length - t);
        x.set(ids.subarray(start, start + t), i * t);
        y.set(ids.subarray(start + 1, start + t + 1), i * t);
      }
      return { tokens: tf.tensor2d(x, [b, t], 'int32'), targets: tf.tensor2d(y, [b, t], 'int32') };
    },
    preview: () => ({
      kind: 'text-dataset',
      source: params.source,
      tokens: textTokensOf(text.tokens),
      vocabSize: text.vocab.length,
      vocabulary: text.vocab.join(''),
      trainCharacters: splits.train.length,
      validationCharacters: splits.test.length,
    }),
  };
};
