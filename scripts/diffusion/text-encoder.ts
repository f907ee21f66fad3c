// The caption encoder tau_theta of latent diffusion (Rombach et al. 2022, sec. 3.3), small and from
// primitives: Embedding + learned positions + one pre-norm transformer block (the block of
// templates/blocks/transformer-block.json, its self-attention given the padding mask as keyMask)
// + a final LayerNorm. Trained jointly with the UNet.
import type { DocModule } from '../../core/document/document.types';
import { dense, e, headsParam, input, mod, n, output, widthParam } from './doc-builders';

export interface TextEncoderShape {
  /** Embedding rows: at least the Tokenizer's vocabulary size. */
  vocab: number;
  /** Tokens per caption L (the Tokenizer's length). */
  length: number;
}

// TextEncoder(width, heads): tokens int32 [B,L], mask [B,L] -> c [B,L,width].
export const textEncoderModule = ({ vocab, length }: TextEncoderShape): DocModule =>
  mod(
    'text-encoder',
    'Text encoder',
    'Turns a caption into the sequence the UNet cross-attends to (tau_theta of Rombach et al. 2022, a ' +
      'small stand-in for the CLIP text encoder of Stable Diffusion): token ids -> Embedding (width) + ' +
      'learned positions -> one pre-norm transformer block (self-attention that ignores padding through ' +
      'the mask, then a GELU MLP, each with a residual) -> LayerNorm. Output c [B, L, width], one vector per ' +
      'token; the UNet also gets the mask, so padded tokens stay hidden. Trained with the UNet by the ' +
      'denoising loss. The Embedding holds ' +
      `${vocab} rows, enough for the Tokenizer's vocabulary; L = ${length}.`,
    {
      width: widthParam(
        64,
        'Width of the token vectors (the context width of the cross-attention).',
      ),
      heads: headsParam(),
    },
    [
      input('tokens', 'tokens', 0, 0, `B, ${length}`, 'int32'),
      input('mask', 'mask', 0, 2, `B, ${length}`, 'float32'),
      n(
        'embed',
        'layers/embedding',
        'Token embedding',
        { vocabSize: vocab, dim: '=width', init: 'normal-0.02' },
        1,
        0,
      ),
      n('positions', 'position/learned', 'Learned positions', { maxLength: length }, 2, 0),
      n('ln1', 'normalization/layer-norm', 'LayerNorm', { eps: 1e-5 }, 3, 1),
      n(
        'attn',
        'attention/multi-head-attention',
        'Self-attention (padding masked)',
        { heads: '=heads', causal: false },
        4,
        1,
      ),
      n('res1', 'math/add', '+ attention', {}, 5, 0),
      n('ln2', 'normalization/layer-norm', 'LayerNorm', { eps: 1e-5 }, 6, 1),
      n('fc1', 'layers/dense', 'Dense (4 x width)', dense('=width * 4'), 7, 1),
      n('act', 'activation/gelu', 'GELU', { approximate: 'none' }, 8, 1),
      n('fc2', 'layers/dense', 'Dense (width)', dense('=width'), 9, 1),
      n('res2', 'math/add', '+ MLP', {}, 10, 0),
      n('ln-out', 'normalization/layer-norm', 'Final LayerNorm', { eps: 1e-5 }, 11, 0),
      output('c', 'c', 12, 0),
    ],
    [
      e('tokens.value', 'embed.indices'),
      e('embed.y', 'positions.x'),
      e('positions.y', 'ln1.x'),
      e('ln1.y', 'attn.x'),
      e('mask.value', 'attn.keyMask'),
      e('attn.y', 'res1.a'),
      e('positions.y', 'res1.b'),
      e('res1.y', 'ln2.x'),
      e('ln2.y', 'fc1.x'),
      e('fc1.y', 'act.x'),
      e('act.y', 'fc2.x'),
      e('fc2.y', 'res2.a'),
      e('res1.y', 'res2.b'),
      e('res2.y', 'ln-out.x'),
      e('ln-out.y', 'c.value'),
    ],
  );
