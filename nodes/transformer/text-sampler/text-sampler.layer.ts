// Autoregressive character sampling from a GPT given as a model handle (nanoGPT's generate):
// the window is the last T characters (T the model's context), the logits at the last filled
// position are divided by the temperature, cut to the top k and sampled; repeated maxNewTokens times.
// s samples, t context, v vocabulary
import type {
  ApplyContext,
  BuildContext,
  NodeLayer,
  Rng,
  TF,
} from '../../../core/node-contract/node-definition';
import { knownDim } from '../../attention/shape-helpers';
import { loadTextFor } from '../../data/text-file/text-file.layer';
import { decodeTokens } from '../../data/text-file/text-tokens';
import { mulberry32 } from '../../shared/seeded-random';
import { sampleIndex } from '../code-sampler/sample-codes';
import type { TextSamplerParams } from './text-sampler.params';

/** The sampler's own seeded generator (mulberry32) as an Rng. */
export const seededRng = (seed: number): Rng => {
  const next = mulberry32(seed);
  return { next, int: (n) => Math.floor(next() * n), seed: () => Math.floor(next() * 2147483647) };
};

/** The model's context T from the module's declared input [B, T]. */
export const modelContext = (
  params: Pick<TextSamplerParams, 'inputPort'>,
  ctx?: Pick<BuildContext, 'inputs'>,
): number | undefined => {
  const model = ctx?.inputs['model'];
  const shape = model?.kind === 'model' ? model.inputs[params.inputPort]?.shape : undefined;
  return knownDim(shape?.[1]);
};

export interface TextSamplePreview {
  kind: 'text';
  prompt: string;
  samples: string[];
}

export const createTextSampler = async (
  tf: TF,
  params: TextSamplerParams,
  bctx: BuildContext,
): Promise<NodeLayer> => {
  const text = await loadTextFor(params, bctx, 'Text Sampler');
  const index = new Map(text.vocab.map((c, i) => [c, i]));
  const promptText = params.prompt === '' ? '\n' : params.prompt;
  const promptChars = Array.from(promptText);
  const unknown =
    text.tokens === 'bytes' ? [] : [...new Set(promptChars.filter((c) => !index.has(c)))];
  if (unknown.length > 0)
    throw new Error(
      `Text Sampler (${bctx.nodeId}): the prompt has characters that ${params.source} never uses (${unknown.map((c) => JSON.stringify(c)).join(', ')}); remove them from the prompt.`,
    );
  const prompt =
    text.tokens === 'bytes'
      ? Array.from(new TextEncoder().encode(promptText))
      : promptChars.map((c) => index.get(c)!);
  const t = modelContext(params, bctx);
  if (t === undefined)
    throw new Error(
      `Text Sampler (${bctx.nodeId}): the model's '${params.inputPort}' input has no fixed length T; give the module input a shape such as "B, 64".`,
    );
  let last: TextSamplePreview = { kind: 'text', prompt: params.prompt, samples: [] };
  return {
    weights: {},
    apply(_inputs, ctx: ApplyContext) {
      const model = ctx.handles['model'];
      if (!model)
        throw new Error(
          'sample/text-sampler: connect a Module Handle of the GPT to the model port.',
        );
      const rng = params.seed > 0 ? seededRng(params.seed) : ctx.rng;
      const s = params.count;
      const seqs = Array.from({ length: s }, () => [...prompt]);
      for (let step = 0; step < params.maxNewTokens; step++) {
        // The window: the last T ids at positions 0..L-1, zeros after them. The model is causal, so
        // the logits at L-1 see only the window (as nanoGPT crops idx to block_size).
        const len = Math.min(seqs[0]!.length, t);
        const window = new Int32Array(s * t);
        seqs.forEach((q, b) => window.set(q.slice(q.length - len), b * t));
        const rows = tf.tidy(() => {
          const logits = model.call(
            { [params.inputPort]: tf.tensor2d(window, [s, t], 'int32') },
            { ...ctx, training: false, batchSize: s },
          )[params.outputPort];
          if (!logits)
            throw new Error(`sample/text-sampler: the model has no output '${params.outputPort}'.`);
          const v = logits.shape[logits.rank - 1] ?? 1;
          return tf
            .reshape(tf.slice(logits, [0, len - 1, 0], [s, 1, v]), [s, v])
            .arraySync() as number[][];
        });
        rows.forEach((row, b) => {
          const k = sampleIndex(row, params.temperature, params.topK, rng);
          seqs[b]!.push(Math.min(k, text.vocab.length - 1));
        });
      }
      last = {
        kind: 'text',
        prompt: params.prompt,
        samples: seqs.map((q) => decodeTokens(text, q)),
      };
      return { tokens: tf.tensor2d(seqs.flat(), [s, seqs[0]!.length], 'int32') };
    },
    preview: () => last,
  };
};
