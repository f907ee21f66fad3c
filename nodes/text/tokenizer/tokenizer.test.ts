import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tensorType } from '../../../core/shapes/tensor-type';
import { applyCtx, buildCtx, infer, paramsOf } from '../../shared/test-kit';
import { encodeTextCodes } from '../shared/text-codes';
import { captionVocabulary } from '../shared/vocabulary';
import { tokenizerNode } from './tokenizer.node';
import { createTokenizerLayer } from './tokenizer.layer';
import type { TokenizerParams } from './tokenizer.params';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const tokenize = (texts: string[], given: Record<string, unknown> = {}) => {
  const p = paramsOf(tokenizerNode, given) as TokenizerParams;
  const layer = createTokenizerLayer(tf, p, buildCtx({}));
  const out = layer.apply(
    { text: tf.tensor2d(encodeTextCodes(texts, 48), [texts.length, 48], 'int32') },
    applyCtx(),
  );
  return { tokens: out.tokens!, mask: out.mask! };
};

describe('text/tokenizer', () => {
  it('types tokens int32 [B, L] and mask [B, L]; names the fix for float text and a short L', () => {
    const r = infer(tokenizerNode, { text: tensorType('int32', ['B', 48]) });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.tokens).toEqual(tensorType('int32', ['B', 8]));
    expect(r.outputs.mask).toEqual(tensorType('float32', ['B', 8]));
    expect(infer(tokenizerNode, { text: tensorType('int32', [40, 48]) }).outputs.mask).toEqual(
      tensorType('float32', [40, 8]),
    );
    expect(
      infer(tokenizerNode, { text: tensorType('float32', ['B', 48]) }).diagnostics[0]?.message,
    ).toMatch(/connect int32 code points from Class Captions or Prompts/);
    const short = infer(tokenizerNode, { text: tensorType('int32', ['B', 48]) }, { length: 5 });
    expect(short.diagnostics[0]).toMatchObject({ severity: 'warning' });
    expect(short.diagnostics[0]?.message).toMatch(/has 8 word tokens with <s>.*set length to 8/);
  });

  it('gives the vocabulary ids of each word after <s>, a padding mask, <unk> for new words', () => {
    const v = captionVocabulary('fashion-mnist', 'word');
    const id = (w: string) => v.index.get(w)!;
    const { tokens, mask } = tokenize(['a photo of a sneaker', 'a cat']);
    expect(tokens.dtype).toBe('int32');
    expect(tokens.arraySync()).toEqual([
      [1, id('a'), id('photo'), id('of'), id('a'), id('sneaker'), 0, 0],
      [1, id('a'), 2, 0, 0, 0, 0, 0],
    ]);
    expect(mask.arraySync()).toEqual([
      [1, 1, 1, 1, 1, 1, 0, 0],
      [1, 1, 1, 0, 0, 0, 0, 0],
    ]);
    const chars = tokenize(['a bag'], { level: 'char', length: 7 });
    const c = captionVocabulary('fashion-mnist', 'char').index;
    expect(chars.tokens.arraySync()).toEqual([
      [1, c.get('a'), c.get(' '), c.get('b'), c.get('a'), c.get('g'), 0],
    ]);
  });
});
