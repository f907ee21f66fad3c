// The text sampler on a toy model whose logits are known: it continues the prompt with the
// characters the model prefers, sees at most the model's context, follows softmax(l / T) with top-k,
// and gives the same text for the same seed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { ModelHandle, NodeLayer } from '../../../core/node-contract/node-definition';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createDataProvider } from '../../../main/engine/data/data-provider';
import { applyCtx, buildCtx, infer, paramsOf, testEnv } from '../../shared/test-kit';
import { textSamplerNode } from './text-sampler.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Vocabulary ' ', 'a', 'b', 'c', 'd' (ids 0..4).
const dir = mkdtempSync(path.join(tmpdir(), 'tessera-sampler-'));
const file = path.join(dir, 'abcd.txt');
writeFileSync(file, 'abcd abcd dcba ');
const T = 4;
const model = {
  kind: 'model' as const,
  moduleId: 'gpt',
  inputs: { tokens: tensorType('int32', ['B', T]) },
  outputs: { logits: tensorType('float32', ['B', T, 5]) },
};

/** logits[b, i] favour id (x[b, i] + 1) mod 5 by `margin`; `seen` records the windows fed. */
const toyModel = (margin: number, seen: number[][][] = []): ModelHandle => ({
  moduleId: 'gpt',
  call: ({ tokens }) => {
    const x = tokens!.arraySync() as number[][];
    seen.push(x);
    const l = x.map((row) =>
      row.map((k) => [0, 1, 2, 3, 4].map((v) => (v === (k + 1) % 5 ? margin : 0))),
    );
    return { logits: tf.tensor3d(l) };
  },
});

const build = (given: Record<string, unknown>): Promise<NodeLayer> =>
  Promise.resolve(
    textSamplerNode.build(tf, paramsOf(textSamplerNode, { source: file, ...given }) as never, {
      ...buildCtx({ model }),
      data: createDataProvider(),
    }),
  );

const run = (layer: NodeLayer, handle: ModelHandle): string[] => {
  layer.apply({}, applyCtx({ handles: { model: handle } }));
  return (layer.preview?.() as { samples: string[] }).samples;
};

describe('sample/text-sampler', () => {
  it('continues the prompt with the characters the model prefers (top-k 1), feeding at most T characters', async () => {
    const seen: number[][][] = [];
    const layer = await build({ prompt: 'ab', maxNewTokens: 6, count: 2, topK: 1 });
    expect(run(layer, toyModel(1, seen))).toEqual(['abcd abc', 'abcd abc']);
    expect(seen).toHaveLength(6);
    // First call: 'ab' at positions 0-1, zeros after; later the window is the last 4 characters.
    expect(seen[0]![0]).toEqual([1, 2, 0, 0]);
    expect(seen[5]![0]).toEqual([4, 0, 1, 2]); // 'd ab' before the last 'c'
    const out = layer.apply({}, applyCtx({ handles: { model: toyModel(1) } }));
    expect(out.tokens!.shape).toEqual([2, 8]);
  });

  it('samples from softmax(l / temperature): a flat temperature spreads, a low one follows the model; same seed, same text', async () => {
    const flat = await build({
      prompt: 'a',
      maxNewTokens: 400,
      count: 1,
      temperature: 10,
      seed: 3,
    });
    const text = run(flat, toyModel(1))[0]!.slice(1);
    const counts = [' ', 'a', 'b', 'c', 'd'].map((c) => text.split(c).length - 1);
    // At T = 10 a margin of 1 gives p(preferred) = e^0.1 / (e^0.1 + 4) ~ 0.22: every character appears.
    for (const n of counts) expect(n).toBeGreaterThan(40);
    const sharp = await build({
      prompt: 'a',
      maxNewTokens: 50,
      count: 1,
      temperature: 0.05,
      seed: 3,
    });
    expect(run(sharp, toyModel(1))[0]).toBe('a' + 'bcd a'.repeat(10));
    const again = await build({
      prompt: 'a',
      maxNewTokens: 400,
      count: 1,
      temperature: 10,
      seed: 3,
    });
    expect(run(again, toyModel(1))[0]!.slice(1)).toBe(text);
    const other = await build({
      prompt: 'a',
      maxNewTokens: 400,
      count: 1,
      temperature: 10,
      seed: 4,
    });
    expect(run(other, toyModel(1))[0]!.slice(1)).not.toBe(text);
  });

  it('refuses prompt characters the text never uses, naming the node and the fix', async () => {
    await expect(build({ prompt: 'abz' })).rejects.toThrow(
      /Text Sampler \(n1\): the prompt has characters .* \("z"\); remove them/,
    );
  });

  it('infers S x (prompt + new) ids; a model with fewer logits than the vocabulary is a diagnostic', () => {
    const r = infer(textSamplerNode, { model }, { prompt: 'abc', maxNewTokens: 10, count: 3 });
    expect(r.diagnostics).toEqual([]);
    expect(r.outputs.tokens).toEqual(tensorType('int32', [3, 13]));
    const env = { ...testEnv, texts: { kjv: { available: true, vocabSize: 73, length: 4e6 } } };
    const small = infer(textSamplerNode, { model }, {}, env);
    expect(small.diagnostics[0]?.message).toMatch(
      /gives 5 logits but 'kjv' has 73 characters; set the model's vocabulary/,
    );
    const unshaped = { ...model, inputs: { tokens: tensorType('int32', ['B', 'T']) } };
    expect(infer(textSamplerNode, { model: unshaped }).diagnostics[0]?.message).toMatch(/T fixed/);
    expect(infer(textSamplerNode, {}).diagnostics[0]?.message).toMatch(/Module Handle/);
  });

  it('with byte tokens: the prompt is its UTF-8 bytes, samples decode as UTF-8, 256 logits needed', async () => {
    const r = infer(
      textSamplerNode,
      { model },
      { tokens: 'bytes', prompt: 'é', maxNewTokens: 3, count: 1 },
    );
    expect(r.outputs.tokens).toEqual(tensorType('int32', [1, 2 + 3]));
    expect(r.diagnostics[0]?.message).toMatch(/gives 5 logits but byte tokens need 256/);
    // A model that always prefers byte 0x61 ('a') continues 'é' (0xc3 0xa9) with 'aaa'.
    const bytesModel: ModelHandle = {
      moduleId: 'gpt',
      call: ({ tokens }) => {
        const x = tokens!.arraySync() as number[][];
        return {
          logits: tf.tensor3d(
            x.map((row) =>
              row.map(() => Array.from({ length: 256 }, (_, v) => (v === 0x61 ? 9 : 0))),
            ),
          ),
        };
      },
    };
    const layer = await build({ tokens: 'bytes', prompt: 'é', maxNewTokens: 3, count: 1, topK: 1 });
    expect(run(layer, bytesModel)).toEqual(['éaaa']);
  });
});
