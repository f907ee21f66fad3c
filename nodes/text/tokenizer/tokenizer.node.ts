// text/tokenizer: text (int32 code points) -> token ids and a padding mask.
// b batch, s characters, l tokens.
import {
  defineNode,
  type PortDiagnostic,
  type ShapeResult,
} from '../../../core/node-contract/node-definition';
import { weightlessCost } from '../../../core/node-contract/cost';
import { formatShape, tensorType } from '../../../core/shapes/tensor-type';
import { tensorInput } from '../../shared/shape-checks';
import { isCaptionSetId } from '../shared/caption-sets';
import { captionVocabulary, longestCaptionTokens, type TokenLevel } from '../shared/vocabulary';
import { tokenizerParams } from './tokenizer.params';
import { createTokenizerLayer } from './tokenizer.layer';

const sizes = (): string =>
  (['fashion-mnist', 'mnist'] as const)
    .map(
      (id) =>
        `${id}: ${captionVocabulary(id, 'word').tokens.length} word / ${captionVocabulary(id, 'char').tokens.length} char tokens`,
    )
    .join(', ');

export const tokenizerNode = defineNode({
  id: 'text/tokenizer',
  version: 1,
  title: 'Tokenizer',
  category: 'data',
  role: 'layer',
  doc:
    'Splits text (int32 code points [B, S], from Class Captions or Prompts) into token ids [B, L] and a ' +
    'padding mask [B, L] (1 = token, 0 = padding) for a text encoder (Embedding + positions + transformer ' +
    'blocks, whose attention takes the mask as keyMask). Every sequence starts with <s>; words (or ' +
    'characters) outside the vocabulary become <unk>. The vocabulary is built deterministically from a ' +
    `caption set, special tokens first (<pad> 0, <s> 1, <unk> 2), then its distinct tokens sorted (${sizes()}): ` +
    "the text encoder's Embedding needs vocabSize at least that. A small word-level stand-in for the BPE " +
    "tokenizer of CLIP's text encoder in Stable Diffusion (transformers CLIPTokenizer, padding='max_length').",
  paper: {
    citation:
      'Rombach et al. High-Resolution Image Synthesis with Latent Diffusion Models. CVPR 2022 (tau_theta, the text encoder, sec. 3.3)',
    url: 'https://arxiv.org/abs/2112.10752',
  },
  inputs: [
    {
      name: 'text',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'S'],
      gradient: 'none',
      doc: 'Text as Unicode code points, 0 after the end (Class Captions or Prompts).',
    },
  ],
  outputs: [
    {
      name: 'tokens',
      kind: 'tensor',
      dtype: 'int32',
      rank: 2,
      dims: ['B', 'L'],
      gradient: 'none',
      doc: 'Token ids: <s>, the tokens, then <pad> (0).',
    },
    {
      name: 'mask',
      kind: 'tensor',
      dtype: 'float32',
      rank: 2,
      dims: ['B', 'L'],
      gradient: 'none',
      doc: "1 for <s> and the text's tokens, 0 for padding: the attention's keyMask.",
    },
  ],
  params: tokenizerParams,
  inferShapes: (ctx): ShapeResult => {
    const diagnostics: PortDiagnostic[] = [];
    const text = tensorInput(ctx, 'text', diagnostics, {
      rank: 2,
      what: 'text as int32 code points [B, S] from Class Captions or Prompts',
    });
    if (!text) return { outputs: {}, diagnostics };
    if (text.dtype !== 'int32') {
      diagnostics.push({
        severity: 'error',
        port: 'text',
        message: `The text is ${formatShape(text.shape)} ${text.dtype}; connect int32 code points from Class Captions or Prompts.`,
      });
      return { outputs: {}, diagnostics };
    }
    const p = ctx.params;
    if (isCaptionSetId(p.vocabulary)) {
      const longest = longestCaptionTokens(p.vocabulary, p.level as TokenLevel);
      if (p.length < longest)
        diagnostics.push({
          severity: 'warning',
          message: `The longest ${p.vocabulary} caption has ${longest} ${p.level} tokens with <s>, but length is ${p.length}, so longer captions are cut; set length to ${longest}.`,
        });
    }
    const b = text.shape[0] ?? 'B';
    return {
      outputs: {
        tokens: tensorType('int32', [b, p.length]),
        mask: tensorType('float32', [b, p.length]),
      },
      diagnostics,
    };
  },
  cost: weightlessCost,
  build: (tf, params, ctx) => createTokenizerLayer(tf, params, ctx),
  emit: { layerModule: 'text/tokenizer/tokenizer.layer', factory: 'createTokenizerLayer' },
});
