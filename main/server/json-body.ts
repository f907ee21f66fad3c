// Request bodies for the invoke route: at most maxBodyBytes (a declared Content-Length over it is
// refused before a byte is read; a chunked body as soon as it passes it), valid UTF-8, JSON
// nested at most maxJsonDepth deep (checked before parsing, so nothing later recurses past it),
// and no key that reaches a prototype (__proto__, constructor, prototype) anywhere.
import type { IncomingMessage } from 'node:http';
import { quoteForMessage } from './safe-decode';

/** Project saves carry the whole document; 32 MiB is far above any template. */
export const maxBodyBytes = 32 * 1024 * 1024;
/** Documents nest a handful of levels; 256 leaves room and stays far from the stack's limit. */
export const maxJsonDepth = 256;

export type BodyResult =
  { ok: true; text: string } | { ok: false; status: 400 | 413; reason: string };

const tooLarge = (limit: number): BodyResult => ({
  ok: false,
  status: 413,
  reason: `The request body is over ${limit / (1024 * 1024)} MiB, the most a request may carry.`,
});

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the body, keeping at most `limit` bytes. Past the limit it stops keeping what arrives
 * and answers 413; the caller answers and closes the connection.
 */
export const readBody = (req: IncomingMessage, limit = maxBodyBytes): Promise<BodyResult> => {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return Promise.resolve(tooLarge(limit));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      chunks.length = 0;
      resolve(r);
    };
    req.on('data', (c: Buffer) => {
      if (settled) return;
      size += c.length;
      if (size > limit) settle(tooLarge(limit));
      else chunks.push(c);
    });
    req.on('end', () => {
      if (settled) return;
      try {
        settle({ ok: true, text: utf8.decode(Buffer.concat(chunks)) });
      } catch {
        settle({ ok: false, status: 400, reason: 'The request body is not valid UTF-8.' });
      }
    });
    const ended = (): void =>
      settle({ ok: false, status: 400, reason: 'The request body ended before it was complete.' });
    req.on('aborted', ended);
    req.on('error', ended);
  });
};

/** Whether JSON text nests arrays/objects deeper than max (a scan that allocates nothing). */
export const jsonDeeperThan = (text: string, max: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped char
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
};

const reservedKeys = new Set(['__proto__', 'constructor', 'prototype']);
// Any reserved key, also spelt with \u escapes, shows one of these in the text.
const mayHoldReservedKey = /__proto__|constructor|prototype|\\u/;

/** The first reserved key in a parsed value and where it is, if any. */
export const findReservedKey = (value: unknown): { key: string; path: string } | undefined => {
  const stack: [unknown, string][] = [[value, '(body)']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    for (const k of Object.keys(v)) {
      const at = Array.isArray(v) ? `${path}[${k}]` : `${path}.${k}`;
      if (reservedKeys.has(k)) return { key: k, path: at };
      stack.push([(v as Record<string, unknown>)[k], at]);
    }
  }
  return undefined;
};

export type JsonResult = { ok: true; value: unknown } | { ok: false; reason: string };

export const parseJsonBody = (text: string): JsonResult => {
  if (jsonDeeperThan(text, maxJsonDepth))
    return { ok: false, reason: `The body nests deeper than ${maxJsonDepth} levels.` };
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    return { ok: false, reason: `The body is not JSON: ${(e as Error).message.slice(0, 200)}` };
  }
  if (mayHoldReservedKey.test(text)) {
    const found = findReservedKey(value);
    if (found)
      return {
        ok: false,
        reason: `The body has the key ${quoteForMessage(found.key)} at ${quoteForMessage(found.path, 200)}; __proto__, constructor and prototype are not allowed as keys.`,
      };
  }
  return { ok: true, value };
};
