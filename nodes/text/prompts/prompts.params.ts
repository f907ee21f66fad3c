// Params of text/prompts.
import type { ParamSpecs, ParamsOf } from '../../../core/node-contract/param-spec';

export const promptsParams = {
  prompts: {
    kind: 'string',
    default: 'a photo of a sneaker; a picture of an ankle boot',
    doc: "The prompts, separated by ';' (e.g. 'a photo of a sneaker; a photo of a bag'). Words the Tokenizer's vocabulary lacks become <unk>.",
  },
  repeat: {
    kind: 'int',
    default: 1,
    min: 1,
    max: 64,
    doc: 'Rows per prompt: each prompt is repeated this many times in a row, so a sampler draws that many samples of it (one preview row per prompt).',
  },
  width: {
    kind: 'int',
    label: 'characters',
    default: 48,
    min: 8,
    max: 512,
    doc: 'Characters per prompt in the text tensor (S); match the Class Captions width when both feed tokenizers of one text encoder.',
  },
} satisfies ParamSpecs;

export type PromptsParams = ParamsOf<typeof promptsParams>;

/** The prompts of the text: split on ';', trimmed, empty ones dropped. */
export const splitPrompts = (text: string): string[] =>
  text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');

/** Each prompt `repeat` times in a row: the rows of the output. */
export const promptRows = (params: PromptsParams): string[] =>
  splitPrompts(params.prompts).flatMap((p) => Array.from({ length: params.repeat }, () => p));
