// A small tokenizer: words (lower-cased, split on spaces) or characters, with a vocabulary built
// deterministically from a caption set (special tokens first, then the sorted distinct tokens).
// Token 0 is padding, 1 the start token every sequence begins with (so no row is all padding),
// 2 stands for anything outside the vocabulary. No runtime imports.
import { captionSet, type CaptionSetId } from './caption-sets';

export type TokenLevel = 'word' | 'char';

export const PAD_ID = 0;
export const START_ID = 1;
export const UNKNOWN_ID = 2;
const SPECIAL = ['<pad>', '<s>', '<unk>'] as const;

export interface Vocabulary {
  level: TokenLevel;
  /** Token strings by id. */
  tokens: readonly string[];
  index: ReadonlyMap<string, number>;
}

/** The pieces a text splits into at a level ("a photo of a bag" -> a, photo, of, a, bag). */
export const splitText = (text: string, level: TokenLevel): string[] => {
  const lower = text.toLowerCase();
  return level === 'char' ? Array.from(lower) : lower.split(/\s+/).filter((w) => w !== '');
};

export const buildVocabulary = (texts: readonly string[], level: TokenLevel): Vocabulary => {
  const distinct = [...new Set(texts.flatMap((t) => splitText(t, level)))].sort();
  const tokens = [...SPECIAL, ...distinct];
  return { level, tokens, index: new Map(tokens.map((t, i) => [t, i])) };
};

/** The vocabulary of every caption of a set (all classes, all phrasings). */
export const captionVocabulary = (id: CaptionSetId, level: TokenLevel): Vocabulary =>
  buildVocabulary(captionSet(id).flat(), level);

/** Tokens of the longest caption of a set, start token included. */
export const longestCaptionTokens = (id: CaptionSetId, level: TokenLevel): number =>
  1 +
  Math.max(
    ...captionSet(id)
      .flat()
      .map((t) => splitText(t, level).length),
  );

/** Start token, then the text's tokens (unknown ones as <unk>), cut or 0-padded to `length`. */
export const encodeTokens = (
  text: string,
  vocab: Vocabulary,
  length: number,
): { ids: number[]; mask: number[] } => {
  const ids = [
    START_ID,
    ...splitText(text, vocab.level).map((p) => vocab.index.get(p) ?? UNKNOWN_ID),
  ].slice(0, length);
  const mask = ids.map(() => 1);
  while (ids.length < length) {
    ids.push(PAD_ID);
    mask.push(0);
  }
  return { ids, mask };
};
