// Tokens of a text dataset: characters (code points, ids into the text's sorted characters) or
// UTF-8 bytes (ids 0-255). Decoding bytes joins them and reads UTF-8, so a character split over
// several tokens comes back whole (an incomplete one at the end reads as U+FFFD).
import type { TextArrays, TextTokens } from '../../../core/node-contract/node-definition';

export const textTokensOf = (v: unknown): TextTokens => (v === 'bytes' ? 'bytes' : 'characters');

/** The text that `ids` stand for. */
export const decodeTokens = (
  text: Pick<TextArrays, 'tokens' | 'vocab'>,
  ids: ArrayLike<number>,
): string => {
  if (text.tokens === 'bytes') return new TextDecoder().decode(Uint8Array.from(Array.from(ids)));
  let out = '';
  for (let i = 0; i < ids.length; i++) out += text.vocab[ids[i] ?? 0] ?? '';
  return out;
};
