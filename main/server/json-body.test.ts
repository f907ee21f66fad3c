import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  findReservedKey,
  jsonDeeperThan,
  maxJsonDepth,
  parseJsonBody,
  readBody,
  type BodyResult,
} from './json-body';

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonDeeperThan', () => {
  it('counts array and object nesting outside strings only', () => {
    expect(jsonDeeperThan(nested(3), 3)).toBe(false);
    expect(jsonDeeperThan(nested(4), 3)).toBe(true);
    expect(jsonDeeperThan('{"a":{"b":[1]}}', 2)).toBe(true);
    expect(jsonDeeperThan('{"a":"[[[[[\\"[[[[["}', 1)).toBe(false);
  });
});

describe('parseJsonBody', () => {
  it('parses an ordinary body', () => {
    expect(parseJsonBody('{"payload":{"runId":"r1"}}')).toEqual({
      ok: true,
      value: { payload: { runId: 'r1' } },
    });
  });

  it('refuses text that is not JSON with the parser message', () => {
    const r = parseJsonBody('{"payload":');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/^The body is not JSON: /);
  });

  it('refuses 100,000 nested arrays quickly, before parsing', () => {
    const t = performance.now();
    expect(parseJsonBody(nested(100_000))).toEqual({
      ok: false,
      reason: `The body nests deeper than ${maxJsonDepth} levels.`,
    });
    expect(parseJsonBody(nested(maxJsonDepth)).ok).toBe(true);
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('refuses __proto__, constructor and prototype keys anywhere, also \\u-escaped, naming where', () => {
    expect(
      parseJsonBody('{"payload":{"document":{"nodes":{"__proto__":{"polluted":1}}}}}'),
    ).toEqual({
      ok: false,
      reason:
        'The body has the key "__proto__" at "(body).payload.document.nodes.__proto__"; __proto__, constructor and prototype are not allowed as keys.',
    });
    const escaped = parseJsonBody('{"a":[{"\\u005f_proto__":{}}]}');
    expect(escaped.ok).toBe(false);
    if (!escaped.ok) expect(escaped.reason).toContain('"(body).a[0].__proto__"');
    for (const body of ['{"constructor":{"prototype":{"polluted":1}}}', '{"x":{"prototype":1}}'])
      expect(parseJsonBody(body).ok, body).toBe(false);
    // As values they are ordinary text.
    expect(parseJsonBody('{"name":"constructor","type":"__proto__"}').ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('findReservedKey', () => {
  it('finds nothing in a clean value', () => {
    expect(findReservedKey({ a: [1, { b: null }], c: 'prototype' })).toBeUndefined();
  });
});

/** readBody behind a real HTTP server, fed by Node's client. */
const readThrough = async (
  send: (port: number) => void,
  limit: number,
): Promise<{ result: BodyResult; received: number }> => {
  let received = 0;
  const result = await new Promise<BodyResult>((resolve) => {
    const server = createServer((req: IncomingMessage, res) => {
      req.on('data', (c: Buffer) => (received += c.length));
      void readBody(req, limit).then((r) => {
        resolve(r);
        res.writeHead(r.ok ? 200 : r.status, { connection: 'close' });
        res.end();
        server.close();
      });
    });
    server.listen(0, '127.0.0.1', () => send((server.address() as AddressInfo).port));
  });
  return { result, received };
};

const post = (port: number, headers: Record<string, string>, chunks: Buffer[]): void => {
  const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers });
  req.on('error', () => undefined);
  for (const c of chunks) req.write(c);
  req.end();
};

describe('readBody', () => {
  it('reads a UTF-8 body', async () => {
    const { result } = await readThrough(
      (port) => post(port, {}, [Buffer.from('{"a":"ü"}')]),
      1024,
    );
    expect(result).toEqual({ ok: true, text: '{"a":"ü"}' });
  });

  it('refuses a declared Content-Length over the limit without reading it (413)', async () => {
    const { result, received } = await readThrough(
      (port) => post(port, { 'content-length': String(64 * 1024 * 1024) }, []),
      32 * 1024 * 1024,
    );
    expect(result).toEqual({
      ok: false,
      status: 413,
      reason: 'The request body is over 32 MiB, the most a request may carry.',
    });
    expect(received).toBe(0);
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const { result } = await readThrough(
      (port) => post(port, {}, [Buffer.alloc(600 * 1024), Buffer.alloc(600 * 1024)]),
      1024 * 1024,
    );
    expect(result).toMatchObject({ ok: false, status: 413 });
  });

  it('refuses bytes that are not UTF-8 (400)', async () => {
    const { result } = await readThrough(
      (port) => post(port, {}, [Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]),
      1024,
    );
    expect(result).toEqual({
      ok: false,
      status: 400,
      reason: 'The request body is not valid UTF-8.',
    });
  });
});
