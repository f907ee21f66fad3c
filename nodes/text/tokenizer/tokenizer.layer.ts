// Text (int32 code points [B, S]) -> token ids int32 [B, L] and a padding mask float32 [B, L]
// (1 = token, 0 = padding): <s> first, then the text's words or characters looked up in a
// vocabulary built from the caption set, <unk> for the rest. Not differentiable (integer ids).
// b batch, s characters, l tokens.
import type { BuildContext, NodeLayer, TF } from '../../../core/node-contract/node-definition';
import { isCaptionSetId } from '../shared/caption-sets';
import { decodeTextCodes } from '../shared/text-codes';
import { captionVocabulary, encodeTokens, type TokenLevel } from '../shared/vocabulary';
import type { TokenizerParams } from './tokenizer.params';

export const createTokenizerLayer = (
  tf: TF,
  params: TokenizerParams,
  ctx: BuildContext,
): NodeLayer => {
  if (!isCaptionSetId(params.vocabulary))
    throw new Error(`Tokenizer ${ctx.nodeId}: unknown vocabulary '${params.vocabulary}'.`);
  const vocab = captionVocabulary(params.vocabulary, params.level as TokenLevel);
  const l = params.length;
  return {
    weights: {},
    apply: (inputs) => {
      const text = inputs.text;
      if (!text) throw new Error(`Tokenizer ${ctx.nodeId} needs text.`);
      const [b = 0, s = 0] = text.shape;
      const texts = decodeTextCodes(text.dataSync(), s);
      const ids = new Int32Array(b * l);
      const mask = new Float32Array(b * l);
      texts.forEach((t, row) => {
        const enc = encodeTokens(t, vocab, l);
        ids.set(enc.ids, row * l);
        mask.set(enc.mask, row * l);
      });
      return {
        tokens: tf.tensor2d(ids, [b, l], 'int32'),
        mask: tf.tensor2d(mask, [b, l], 'float32'),
      };
    },
  };
};
