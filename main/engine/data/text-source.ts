// Text corpora for the text-file dataset node: the built-in King James Bible ('kjv', printed by
// Debian's bible-kjv program and cached under the user's cache dir) or any UTF-8 text file.
// Characters are tokens: the vocabulary is every distinct character of the whole text, sorted by
// code point (as nanoGPT's shakespeare_char prepare.py does), so ids are stable for a given text.
// In bytes mode the tokens are the text's UTF-8 bytes: a fixed vocabulary of 256 for any text.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type {
  TextArrays,
  TextSourceInfo,
  TextTokens,
} from '../../../core/node-contract/node-definition';

export const KJV_SOURCE = 'kjv';
export const BIBLE_PROGRAM = '/usr/bin/bible';
export const KJV_HOW_TO_GET =
  'Install the King James Bible with `apt-get install bible-kjv` (Debian/Ubuntu), or set the source to a UTF-8 text file.';
/** Larger files are refused (the whole text is held in memory as int32 ids). */
export const MAX_TEXT_BYTES = 256 * 1024 * 1024;

const cacheDir = (): string =>
  path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'tessera');

/** The whole KJV, Genesis 1:1 to Revelation 22:21, as `bible` prints it (lines up to 200 chars). */
export const readKjv = (): string => {
  const cached = path.join(cacheDir(), 'kjv.txt');
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  if (!existsSync(BIBLE_PROGRAM))
    throw new Error(`The KJV text is not installed. ${KJV_HOW_TO_GET}`);
  const text = execFileSync(BIBLE_PROGRAM, ['-l200', 'gen1:1-rev22:21'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  try {
    mkdirSync(cacheDir(), { recursive: true });
    writeFileSync(`${cached}.tmp${process.pid}`, text);
    // rename is atomic: a concurrent reader sees the whole file or none.
    execFileSync('mv', ['-f', `${cached}.tmp${process.pid}`, cached]);
  } catch {
    // A read-only cache dir only costs the 0.1 s of running `bible` again.
  }
  return text;
};

export const readTextSource = (source: string): string => {
  if (source === KJV_SOURCE) return readKjv();
  if (!existsSync(source))
    throw new Error(
      `The text file ${source} does not exist; set the source to a UTF-8 text file or 'kjv'.`,
    );
  const size = statSync(source).size;
  if (size > MAX_TEXT_BYTES)
    throw new Error(
      `The text file ${source} is ${size} bytes; Tessera reads texts up to ${MAX_TEXT_BYTES} bytes — cut it.`,
    );
  return readFileSync(source, 'utf8');
};

/** Characters of `text` (code points, not UTF-16 units) as ids into a sorted vocabulary. */
export const encodeText = (source: string, text: string): TextArrays => {
  const chars = Array.from(text);
  const vocab = [...new Set(chars)].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const index = new Map(vocab.map((c, i) => [c, i]));
  const ids = new Int32Array(chars.length);
  chars.forEach((c, i) => (ids[i] = index.get(c)!));
  return { source, vocab, ids };
};

/** The UTF-8 bytes of `text` as ids 0-255: a fixed vocabulary of 256, whatever the text. */
export const encodeBytes = (source: string, text: string): TextArrays => ({
  source,
  tokens: 'bytes',
  vocab: Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)),
  ids: Int32Array.from(new TextEncoder().encode(text)),
});

const texts = new Map<string, TextArrays>();

/** The encoded text of a source, read once per process (characters or bytes as tokens). */
export const loadText = (source: string, tokens: TextTokens = 'characters'): TextArrays => {
  const key = `${tokens}:${source}`;
  const hit = texts.get(key);
  if (hit) return hit;
  const text = readTextSource(source);
  const arrays = tokens === 'bytes' ? encodeBytes(source, text) : encodeText(source, text);
  texts.set(key, arrays);
  return arrays;
};

/** What the shape pass needs to know of the built-in corpus; the text is read only if installed. */
export const kjvInfo = (): TextSourceInfo => {
  const available = existsSync(BIBLE_PROGRAM) || existsSync(path.join(cacheDir(), 'kjv.txt'));
  if (!available) return { available, vocabSize: 0, length: 0, howToGet: KJV_HOW_TO_GET };
  const t = loadText(KJV_SOURCE);
  return { available, vocabSize: t.vocab.length, length: t.ids.length, howToGet: KJV_HOW_TO_GET };
};
