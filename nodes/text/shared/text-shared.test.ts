import { describe, expect, it } from 'vitest';
import { canonicalCaptions, captionSet } from './caption-sets';
import { decodeTextCodes, encodeTextCodes } from './text-codes';
import {
  buildVocabulary,
  captionVocabulary,
  encodeTokens,
  longestCaptionTokens,
  PAD_ID,
  START_ID,
  UNKNOWN_ID,
} from './vocabulary';

describe('caption sets', () => {
  it('Fashion-MNIST: ten classes in label order, five phrasings each, with a/an', () => {
    const set = captionSet('fashion-mnist');
    expect(set).toHaveLength(10);
    for (const phrasings of set) expect(new Set(phrasings).size).toBe(5);
    expect(set[7]).toContain('a photo of a sneaker');
    expect(set[9]).toContain('a picture of an ankle boot');
    expect(set[1]![0]).toBe('a photo of a pair of trousers');
    expect(canonicalCaptions('fashion-mnist')[0]).toBe('a photo of a t-shirt');
  });

  it('MNIST: digits in words and figures', () => {
    const set = captionSet('mnist');
    expect(set[7]).toEqual([
      'the digit seven',
      'a handwritten seven',
      'the number 7',
      'a picture of the digit seven',
      'a handwritten 7',
    ]);
    expect(canonicalCaptions('mnist')[3]).toBe('the digit three');
  });
});

describe('text codes', () => {
  it('round-trip texts through 0-padded code points, cutting at the width', () => {
    const codes = encodeTextCodes(['a bag', 'é', ''], 6);
    expect(Array.from(codes.slice(0, 6))).toEqual([97, 32, 98, 97, 103, 0]);
    expect(decodeTextCodes(codes, 6)).toEqual(['a bag', 'é', '']);
    expect(decodeTextCodes(encodeTextCodes(['a photo of a bag'], 7), 7)).toEqual(['a photo']);
  });
});

describe('vocabulary', () => {
  it('is built deterministically: special tokens first, then the sorted distinct tokens', () => {
    const v = buildVocabulary(['a Coat', 'a bag', 'an ankle boot'], 'word');
    expect(v.tokens).toEqual(['<pad>', '<s>', '<unk>', 'a', 'an', 'ankle', 'bag', 'boot', 'coat']);
    expect(buildVocabulary(['an ankle boot', 'a bag', 'a Coat'], 'word').tokens).toEqual(v.tokens);
    const fashion = captionVocabulary('fashion-mnist', 'word');
    expect(fashion.tokens).toHaveLength(22);
    expect(fashion.tokens).toContain('t-shirt');
    expect(captionVocabulary('mnist', 'word').tokens).toContain('7');
    expect(captionVocabulary('fashion-mnist', 'char').tokens.slice(3, 6)).toEqual([' ', '-', 'a']);
  });

  it('encodes <s> then the tokens, <unk> for unknown words, padding with mask 0, cut at L', () => {
    const v = captionVocabulary('fashion-mnist', 'word');
    const id = (w: string) => v.index.get(w)!;
    expect(encodeTokens('a photo of a Sneaker', v, 8)).toEqual({
      ids: [START_ID, id('a'), id('photo'), id('of'), id('a'), id('sneaker'), PAD_ID, PAD_ID],
      mask: [1, 1, 1, 1, 1, 1, 0, 0],
    });
    expect(encodeTokens('a photo of a cat', v, 8).ids[5]).toBe(UNKNOWN_ID);
    expect(encodeTokens('a photo of a pair of trousers', v, 4)).toEqual({
      ids: [START_ID, id('a'), id('photo'), id('of')],
      mask: [1, 1, 1, 1],
    });
    // The empty text keeps its start token, so no row of the mask is all padding.
    expect(encodeTokens('', v, 3)).toEqual({ ids: [START_ID, 0, 0], mask: [1, 0, 0] });
    expect(longestCaptionTokens('fashion-mnist', 'word')).toBe(8);
  });
});
