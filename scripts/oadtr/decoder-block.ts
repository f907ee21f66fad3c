// OadTR's decoder layer (Wang et al. 2021, sec. 3.3, a DETR-style transformer decoder layer) as a
// module of primitives: learned queries attend to each other, then cross-attend to the encoder's
// output, then a GELU MLP; pre-norm, each with a residual (the transformer-block's layout).
import type { DocModule } from '../../core/document/document.types';
import { dense, e, headsParam, input, mod, n, output, widthParam } from '../diffusion/doc-builders';

// DecoderBlock(width, heads, hidden): q [B, Q, width], memory [B, M, width] -> y [B, Q, width].
export const decoderBlockModule = (): DocModule =>
  mod(
    'decoder-block',
    'Decoder block',
    'A pre-norm transformer decoder layer: h = q + SelfAttention(LayerNorm(q)); ' +
      'h = h + CrossAttention(LayerNorm(h), memory); y = h + Dense(width)(GELU(Dense(hidden)(LayerNorm(h)))). ' +
      'In OadTR the queries are learned and predict the actions of the coming frames; memory is the ' +
      "encoder's output over the past frames. heads must divide width.",
    {
      width: widthParam(64, 'Token width D of the queries and the memory.'),
      heads: headsParam(),
      hidden: widthParam(128, 'Width of the MLP hidden layer.'),
    },
    [
      input('q', 'q', 0, 0),
      input('memory', 'memory', 0, 2),
      n('ln1', 'normalization/layer-norm', 'LayerNorm 1', { eps: 1e-5 }, 1, 1),
      n(
        'self-attn',
        'attention/multi-head-attention',
        'Self-attention (queries)',
        { heads: '=heads', causal: false },
        2,
        1,
      ),
      n('res1', 'math/add', '+ self-attention', {}, 3, 0),
      n('ln2', 'normalization/layer-norm', 'LayerNorm 2', { eps: 1e-5 }, 4, 1),
      n(
        'cross-attn',
        'attention/multi-head-attention',
        'Cross-attention to the encoder',
        { heads: '=heads', causal: false },
        5,
        1,
      ),
      n('res2', 'math/add', '+ cross-attention', {}, 6, 0),
      n('ln3', 'normalization/layer-norm', 'LayerNorm 3', { eps: 1e-5 }, 7, 1),
      n('fc1', 'layers/dense', 'Dense (hidden)', dense('=hidden'), 8, 1),
      n('act', 'activation/gelu', 'GELU', { approximate: 'none' }, 9, 1),
      n('fc2', 'layers/dense', 'Dense (width)', dense('=width'), 10, 1),
      n('res3', 'math/add', '+ MLP', {}, 11, 0),
      output('y', 'y', 12, 0),
    ],
    [
      e('q.value', 'ln1.x'),
      e('ln1.y', 'self-attn.x'),
      e('q.value', 'res1.a'),
      e('self-attn.y', 'res1.b'),
      e('res1.y', 'ln2.x'),
      e('ln2.y', 'cross-attn.x'),
      e('memory.value', 'cross-attn.context'),
      e('res1.y', 'res2.a'),
      e('cross-attn.y', 'res2.b'),
      e('res2.y', 'ln3.x'),
      e('ln3.y', 'fc1.x'),
      e('fc1.y', 'act.x'),
      e('act.y', 'fc2.x'),
      e('res2.y', 'res3.a'),
      e('fc2.y', 'res3.b'),
      e('res3.y', 'y.value'),
    ],
  );
