// Invoke bodies that must be refused, for the web shell's fuzz corpus (hostile-corpus.ts): cut
// short or noise (not JSON), nested up to 100,000 deep, keys that reach a prototype (also
// \u-escaped), JSON that is not an object or a payload no schema takes, bytes that are not
// UTF-8 (sent as latin1), a declared size over 32 MiB, Content-Length values that are not numbers.
import fc from 'fast-check';

const printable = fc.string({ minLength: 1, maxLength: 40 });

const nest = (depth: number, open: string, close: string, inner: string) =>
  open.repeat(depth) + inner + close.repeat(depth);

/** 'auto': the body's own length; a string: sent as is; null: no Content-Length. */
export type DeclaredLength = 'auto' | string | null;

/** An invoke body made hostile: the body text and how its Content-Length is declared. */
export const hostileBody: fc.Arbitrary<{
  kind: string;
  body: string;
  contentLength: DeclaredLength;
}> = fc.oneof(
  // Not JSON: a valid body cut short, or noise.
  fc
    .tuple(fc.constantFrom('{"payload":{"runId":"r1"}}', '{"payload":{"path":"a.json"}}'), fc.nat())
    .map(([t, n]) => ({
      kind: 'not-json',
      body: t.slice(0, 1 + (n % (t.length - 1))),
      contentLength: 'auto' as const,
    })),
  printable
    .filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    })
    .map((body) => ({ kind: 'not-json', body, contentLength: 'auto' as const })),
  // Deep nesting, up to 100,000 levels.
  fc.tuple(fc.integer({ min: 257, max: 100_000 }), fc.boolean()).map(([d, arrays]) => ({
    kind: 'deep-nesting',
    body: `{"payload":${arrays ? nest(d, '[', ']', '') : nest(d, '{"a":', '}', '1')}}`,
    contentLength: 'auto' as const,
  })),
  // Keys that reach a prototype, at any depth, also \u-escaped.
  fc
    .tuple(
      fc.constantFrom(
        '__proto__',
        'constructor',
        'prototype',
        '\\u005f_proto__',
        'constr\\u0075ctor',
      ),
      fc.integer({ min: 0, max: 4 }),
    )
    .map(([key, depth]) => ({
      kind: 'prototype-key',
      body: `{"payload":{"path":"a.json","id":"abcdefgh12","document":${nest(depth, '{"n":', '}', `{"${key}":{"polluted":"yes","prototype":{"polluted":"yes"}}}`)}}}`,
      contentLength: 'auto' as const,
    })),
  // JSON, but not an object, or a payload no schema takes.
  fc
    .constantFrom('5', '"x"', '[]', 'null', 'true', '[{"payload":1}]')
    .map((body) => ({ kind: 'not-an-object', body, contentLength: 'auto' as const })),
  fc.constantFrom('5', 'true', '[]', 'null', '-1e308', '{"runId":7,"action":"rm"}').map((p) => ({
    kind: 'bad-payload',
    body: `{"payload":${p}}`,
    contentLength: 'auto' as const,
  })),
  // Bytes that are not UTF-8.
  fc
    .constantFrom('\xff', '\xc3\x28', '\xed\xa0\x80', '\xf8\x88\x80\x80\x80', '\xc0\xaf')
    .map((b) => ({ kind: 'not-utf8', body: `{"payload":"${b}"}`, contentLength: 'auto' as const })),
  // Sizes: declared over 32 MiB (nothing like it sent), or Content-Length values that are not numbers.
  fc
    .constantFrom(String(64 * 1000 * 1000), String(32 * 1024 * 1024 + 1), '99999999999999999999')
    .map((cl) => ({ kind: 'too-large', body: '{}', contentLength: cl })),
  fc
    .constantFrom('abc', '-1', '1e3', '0x10', ' 2 2', '2, 3', '+2')
    .map((cl) => ({ kind: 'bad-content-length', body: '{}', contentLength: cl })),
);
