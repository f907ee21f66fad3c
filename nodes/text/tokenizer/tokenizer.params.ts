// Params of text/tokenizer.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';
import { captionSetIds } from '../shared/caption-sets';

export const tokenizerParams = {
  vocabulary: {
    kind: 'enum',
    default: 'fashion-mnist',
    options: captionSetIds,
    doc: 'The caption set the vocabulary is built from (every phrasing of every class): <pad> = 0, <s> = 1, <unk> = 2, then its distinct tokens sorted. The same set gives the same ids on every machine.',
  },
  level: {
    kind: 'enum',
    default: 'word',
    options: ['word', 'char'],
    doc: "'word': lower-cased words split on spaces ('t-shirt' is one word); 'char': single characters.",
  },
  length: {
    kind: 'int',
    label: 'length L',
    default: 8,
    min: 1,
    max: 256,
    doc: 'Tokens per sequence, the start token included: longer texts are cut, shorter ones padded (mask 0).',
  },
} satisfies ParamSpecs;

export type TokenizerParams = ParamsOf<typeof tokenizerParams>;
