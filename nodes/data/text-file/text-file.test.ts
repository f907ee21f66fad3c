// The text-file dataset on a small text file: the vocabulary is the text's sorted characters, the
// last 10% is held out, windows come from the seeded RNG and targets are the windows shifted by one.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { tensorType } from '../../../core/shapes/tensor-type';
import { createDataProvider } from '../../../main/engine/data/data-provider';
import { encodeBytes, encodeText } from '../../../main/engine/data/text-source';
import { decodeTokens } from './text-tokens';
import { applyCtx, buildCtx, infer, paramsOf, testEnv, testRng } from '../../shared/test-kit';
import { textFileNode } from './text-file.node';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// 100 characters: 90 train ('abc' and spaces), 10 held out ('xyzxyzxyz!').
const text = 'abc '.repeat(22) + 'ab' + 'xyzxyzxyz!';
const dir = mkdtempSync(path.join(tmpdir(), 'tessera-text-'));
const file = path.join(dir, 'small.txt');
writeFileSync(file, text);

const build = (given: Record<string, unknown>) =>
  textFileNode.build(tf, paramsOf(textFileNode, { source: file, ...given }) as never, {
    ...buildCtx({}),
    data: createDataProvider(),
  });

describe('data/text-file', () => {
  it('encodes characters as ids into the sorted vocabulary (code points, not UTF-16 units)', () => {
    const t = encodeText('x', 'ba ab\u{1F600}');
    expect(t.vocab).toEqual([' ', 'a', 'b', '\u{1F600}']);
    expect([...t.ids]).toEqual([2, 1, 0, 1, 2, 3]);
  });

  it('samples seeded windows of the training part; targets are the next characters', async () => {
    const layer = await build({ context: 8, validation: 0.1 });
    const out = layer.apply({}, applyCtx({ batchSize: 5, rng: testRng(3) }));
    const x = out.tokens!.arraySync() as number[][];
    const y = out.targets!.arraySync() as number[][];
    expect(out.tokens!.shape).toEqual([5, 8]);
    expect(out.tokens!.dtype).toBe('int32');
    const vocab = [' ', '!', 'a', 'b', 'c', 'x', 'y', 'z'];
    const train = text.slice(0, 90);
    for (let i = 0; i < 5; i++) {
      const win = x[i]!.map((k) => vocab[k]).join('');
      const next = y[i]!.map((k) => vocab[k]).join('');
      const at = train.indexOf(win);
      expect(at).toBeGreaterThanOrEqual(0);
      expect(train.slice(0, 90).indexOf(next)).toBeGreaterThanOrEqual(0);
      expect(win.slice(1)).toBe(next.slice(0, 7));
      expect(/[xyz!]/.test(win + next)).toBe(false);
    }
    // Same seed, same windows.
    const again = layer.apply({}, applyCtx({ batchSize: 5, rng: testRng(3) }));
    expect(again.tokens!.arraySync()).toEqual(x);
  });

  it('draws the test split from the held-out last 10% only', async () => {
    const layer = await build({ context: 4, validation: 0.1 });
    const out = layer.apply({}, applyCtx({ batchSize: 6, split: 'test', rng: testRng(9) }));
    const ids = [
      ...(out.tokens!.dataSync() as Int32Array),
      ...(out.targets!.dataSync() as Int32Array),
    ];
    // Held out: 'xyzxyzxyz!' -> ids 5, 6, 7, 1 only.
    expect(new Set(ids).size).toBeGreaterThan(1);
    for (const k of ids) expect([1, 5, 6, 7]).toContain(k);
    expect(layer.preview?.()).toMatchObject({
      vocabSize: 8,
      trainCharacters: 90,
      validationCharacters: 10,
    });
  });

  it('in bytes mode, tokens are UTF-8 bytes (V = 256) and decode back to the text', async () => {
    const bytesFile = path.join(dir, 'bytes.txt');
    const utf8 = 'héllo wörld ' + 'abc '.repeat(30);
    writeFileSync(bytesFile, utf8);
    const t = encodeBytes('x', 'aé');
    expect([...t.ids]).toEqual([0x61, 0xc3, 0xa9]);
    expect(t.vocab).toHaveLength(256);
    expect(decodeTokens(t, t.ids)).toBe('aé');
    const layer = await build({ source: bytesFile, tokens: 'bytes', context: 8, validation: 0.1 });
    const out = layer.apply({}, applyCtx({ batchSize: 4, rng: testRng(5) }));
    const x = out.tokens!.arraySync() as number[][];
    const y = out.targets!.arraySync() as number[][];
    const all = new TextEncoder().encode(utf8);
    for (let i = 0; i < 4; i++) {
      expect(x[i]!.every((k) => k >= 0 && k < 256)).toBe(true);
      expect(x[i]!.slice(1)).toEqual(y[i]!.slice(0, 7));
      // Each window is a run of the file's bytes.
      const at = all.findIndex((_, j) => x[i]!.every((k, m) => all[j + m] === k));
      expect(at).toBeGreaterThanOrEqual(0);
    }
    expect(layer.preview?.()).toMatchObject({ tokens: 'bytes', vocabSize: 256 });
    // 'é' and 'ö' are 2 bytes each: 134 bytes for 132 characters.
    const n = all.length;
    expect(n).toBe(Array.from(utf8).length + 2);
    expect(layer.preview?.()).toMatchObject({ trainCharacters: Math.floor(n * 0.9) });
  });

  it('refuses a context longer than the held-out text, and a missing file, naming the node and the fix', async () => {
    await expect(build({ context: 20, validation: 0.1 })).rejects.toThrow(
      /Text File \(n1\): the validation part .* has 10 characters, fewer than context \+ 1 = 21/,
    );
    await expect(build({ source: path.join(dir, 'none.txt') })).rejects.toThrow(
      /Text File \(n1\): The text file .*none\.txt does not exist/,
    );
  });

  it('infers B x T ids; a missing KJV or too short a text is a diagnostic with the fix', () => {
    const env = {
      ...testEnv,
      texts: { kjv: { available: true, vocabSize: 73, length: 4_000_000 } },
    };
    const ok = infer(textFileNode, {}, { context: 128 }, env);
    expect(ok.diagnostics).toEqual([]);
    expect(ok.outputs.tokens).toEqual(tensorType('int32', ['B', 128]));
    expect(ok.outputs.targets).toEqual(tensorType('int32', ['B', 128]));
    const missing = infer(
      textFileNode,
      {},
      {},
      {
        ...testEnv,
        texts: {
          kjv: { available: false, vocabSize: 0, length: 0, howToGet: 'apt-get install bible-kjv' },
        },
      },
    );
    expect(missing.diagnostics[0]?.message).toMatch(
      /Text File.*not installed.*apt-get install bible-kjv/,
    );
    const short = infer(
      textFileNode,
      {},
      { context: 64 },
      {
        ...testEnv,
        texts: { kjv: { available: true, vocabSize: 73, length: 300 } },
      },
    );
    expect(short.diagnostics[0]?.message).toMatch(/lower the context/);
    expect(infer(textFileNode, {}, { source: ' ' }).diagnostics[0]?.message).toMatch(/no source/);
  });
});
