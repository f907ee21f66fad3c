// Writes templates/char-gpt.json, char-gpt-linear.json and char-gpt-flash.json: a character-level
// GPT on the King James Bible (nanoGPT's shakespeare_char recipe at its small-CPU size: 4 layers,
// 4 heads, width 128, context 64, batch 12, lr 1e-3) built from primitives and the pre-norm
// transformer block of templates/blocks/transformer-block.json, used four times with its own weights
// each. The three files differ only in the attention node inside that block (softmax multi-head,
// linear attention, FLASH). Run
//   node --import ./main/runtime/register.mjs scripts/write-char-gpt-template.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DocModule, DocNode, TesseraDocument } from '../core/document/document.types';
import { kjvInfo } from '../main/engine/data/text-source';
import {
  adam,
  byId,
  call,
  dense,
  e,
  headsParam,
  input,
  mod,
  n,
  output,
  widthParam,
} from './diffusion/doc-builders';
import { writeTemplate } from './diffusion/write-template';

export const CONTEXT = 64;
export const LAYERS = 4;

export type AttentionVariant = 'softmax' | 'linear' | 'flash';

interface VariantSpec {
  file: string;
  title: string;
  attention: Pick<DocNode, 'type' | 'label' | 'params'>;
  about: string;
}

export const variants: Record<AttentionVariant, VariantSpec> = {
  softmax: {
    file: 'char-gpt',
    title: 'softmax attention',
    attention: {
      type: 'attention/multi-head-attention',
      label: 'Causal self-attention',
      params: { heads: '=heads', causal: true },
    },
    about:
      'causal multi-head softmax attention (Vaswani et al. 2017), cost quadratic in the context',
  },
  linear: {
    file: 'char-gpt-linear',
    title: 'linear attention',
    attention: {
      type: 'attention/linear-attention',
      label: 'Causal linear attention',
      params: { heads: '=heads', causal: true },
    },
    about:
      'causal linear attention with the feature map elu(x) + 1 (Katharopoulos et al. 2020, running sums), cost linear in the context',
  },
  flash: {
    file: 'char-gpt-flash',
    title: 'FLASH',
    attention: {
      type: 'attention/flash',
      label: 'Causal FLASH (chunks of 16)',
      params: { expansion: 2, s: 128, chunk: 16, causal: true },
    },
    about:
      'FLASH, a gated attention unit with mixed-chunk attention (Hua et al. 2022): quadratic within chunks of 16 characters, linear across chunks',
  },
};

const blockPath = fileURLToPath(
  new URL('../templates/blocks/transformer-block.json', import.meta.url),
);

/** The shipped pre-norm transformer block with its attention node swapped for the variant's. */
export const blockModule = (variant: AttentionVariant): DocModule => {
  const doc = JSON.parse(readFileSync(blockPath, 'utf8')) as TesseraDocument;
  const block = structuredClone(doc.modules!['transformer-block']!);
  const attn = block.nodes['attn']!;
  block.nodes['attn'] = { ...attn, ...variants[variant].attention, typeVersion: 1 };
  if (variant !== 'softmax') block.doc += ` Here the attention is ${variants[variant].about}.`;
  return block;
};

/** GPT(vocab, width, heads): tokens int32 [B, T] -> logits [B, T, vocab]. */
export const gptModule = (vocab: number): DocModule => {
  const blocks = Array.from({ length: LAYERS }, (_, i) =>
    n(
      `block${i + 1}`,
      'module/instance',
      `Transformer block ${i + 1}`,
      call('transformer-block', {
        width: '=width',
        heads: '=heads',
        hidden: '=width * 4',
        causal: true,
      }),
      3 + i,
      0,
    ),
  );
  return mod(
    'char-gpt',
    'Char GPT',
    `A GPT over characters (Radford et al. 2018/2019, nanoGPT's model.py): token ids -> Embedding (vocab x width) ` +
      `+ learned positions (${CONTEXT}) -> ${LAYERS} pre-norm transformer blocks (causal self-attention and a GELU MLP, ` +
      'each with a residual; open "Pre-norm transformer block" to change them) -> a final LayerNorm -> Dense to ' +
      'vocab logits. The logits at position i see characters 0..i only. No dropout and untied input/output ' +
      `embeddings (nanoGPT ties them). Context T = ${CONTEXT}: to change it, change the Text File's context, this ` +
      `module's input shape and the learned positions' maxLength together.`,
    {
      vocab: widthParam(vocab, 'Vocabulary V: distinct characters of the text (73 for the KJV).'),
      width: widthParam(128, 'Model width (n_embd).'),
      heads: headsParam('Attention heads (n_head); must divide width.'),
    },
    [
      input('tokens', 'tokens', 0, 0, `B, ${CONTEXT}`, 'int32'),
      n(
        'embed',
        'layers/embedding',
        'Token embedding',
        { vocabSize: '=vocab', dim: '=width', init: 'normal-0.02' },
        1,
        0,
      ),
      n('positions', 'position/learned', 'Learned positions', { maxLength: CONTEXT }, 2, 0),
      ...blocks,
      n('ln-f', 'normalization/layer-norm', 'Final LayerNorm', { eps: 1e-5 }, 3 + LAYERS, 0),
      n(
        'head',
        'layers/dense',
        'Dense to vocab logits',
        dense('=vocab', 'normal-0.02'),
        4 + LAYERS,
        0,
      ),
      output('logits', 'logits', 5 + LAYERS, 0),
    ],
    [
      e('tokens.value', 'embed.indices'),
      e('embed.y', 'positions.x'),
      e('positions.y', 'block1.x'),
      ...blocks.slice(1).map((b, i) => e(`block${i + 1}.y`, `${b.id}.x`)),
      e(`block${LAYERS}.y`, 'ln-f.x'),
      e('ln-f.y', 'head.x'),
      e('head.y', 'logits.value'),
    ],
  );
};

export const charGptDocument = (variant: AttentionVariant, vocab: number): TesseraDocument => {
  const v = variants[variant];
  return {
    format: 'tessera.project',
    formatVersion: 2,
    appVersion: '0.2.0',
    name: `Char GPT, ${v.title} (King James Bible)`,
    description:
      `A character-level GPT trained on the King James Bible (4.3 million characters, ${vocab} distinct), the recipe ` +
      "of nanoGPT's shakespeare_char at its small-CPU size: 4 layers, 4 heads, width 128, context 64, batch 12, " +
      `Adam at 1e-3, gradient norm clipped at 1. The attention in each block is ${v.about}. ` +
      'Text File reads the text (Debian package bible-kjv, public domain) and cuts random 64-character windows ' +
      'from its first 90%; the model predicts each next character (cross-entropy in nats; divide by ln 2 for bits ' +
      `per character; ln ${vocab} = ${Math.log(vocab).toFixed(2)} is a uniform guess). The last 10% is held out for ` +
      'validation and previews. Preview: text sampled from the prompt "And God said" (temperature 0.8). The same ' +
      'template ships as char-gpt.json (softmax), char-gpt-linear.json and char-gpt-flash.json, differing only in ' +
      'the attention node inside "Pre-norm transformer block".',
    nodes: byId([
      n(
        'data',
        'data/text-file',
        'Text File (KJV)',
        { source: 'kjv', context: CONTEXT, validation: 0.1 },
        0,
        0,
      ),
      n(
        'gpt',
        'module/instance',
        'Char GPT',
        call('char-gpt', { vocab, width: 128, heads: 4 }, 'shared'),
        1,
        0,
      ),
      n(
        'loss',
        'loss/cross-entropy',
        'Next-character cross-entropy',
        { weight: 1, labelSmoothing: 0 },
        2,
        0,
      ),
      n('adam', 'optimize/optimizer', 'Adam', { ...adam(0.001), clipGradNorm: 1 }, 3, 0),
      n('gpt-handle', 'module/handle', 'Char GPT (model)', { module: 'char-gpt' }, 1, 2),
      n(
        'sampler',
        'sample/text-sampler',
        'Text Sampler',
        {
          source: 'kjv',
          prompt: 'And God said',
          maxNewTokens: 200,
          count: 2,
          temperature: 0.8,
          topK: 0,
          seed: 1,
          inputPort: 'tokens',
          outputPort: 'logits',
        },
        2,
        2,
      ),
    ]),
    edges: byId([
      e('data.tokens', 'gpt.tokens'),
      e('gpt.logits', 'loss.logits'),
      e('data.targets', 'loss.labels'),
      e('loss.loss', 'adam.loss'),
      e('gpt-handle.model', 'sampler.model'),
    ]),
    modules: byId([gptModule(vocab), blockModule(variant)]),
    training: {
      seed: 1,
      batchSize: 12,
      checkpointEvery: 500,
      stages: [
        {
          id: 'train',
          name: 'Next-character prediction',
          steps: 2000,
          objectives: [
            {
              id: 'lm',
              name: 'Cross-entropy',
              optimizer: 'adam',
              updates: ['char-gpt'],
              every: 1,
              from: 0,
              clipGradNorm: 1,
            },
          ],
        },
      ],
    },
    previews: byId([
      {
        id: 'text',
        kind: 'text',
        title: 'Generated text: "And God said" + 200 characters (temperature 0.8)',
        sources: [{ node: 'sampler', port: 'tokens' }],
        every: 250,
      },
    ]),
  };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { available, vocabSize } = kjvInfo();
  if (!available) throw new Error('The KJV is not installed: apt-get install bible-kjv.');
  for (const variant of Object.keys(variants) as AttentionVariant[])
    await writeTemplate(variants[variant].file, charGptDocument(variant, vocabSize));
}
