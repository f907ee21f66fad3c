// The web shell in process, under each kind of hostile request: every one is answered with a
// 4xx/5xx and a JSON message (or, on the event socket, a close code), nothing escapes the UI
// folder, no prototype changes, and a good request still works after each.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvokeHandlers } from '../../core/ipc/contract';
import type { TrainEvent } from '../../core/ipc/train-event';
import { createAppHandlers } from './handlers/app-handlers';
import { fakeEngine } from './handlers/fake-engine';
import { maxBodyBytes } from './json-body';
import { rawRequest, requestBytes, type RawReply } from './testing/raw-http';
import { frame, rawUpgrade, sendAndAwaitClose, upgradeHeaders } from './testing/raw-websocket';
import { startWebServer, type WebServer } from './web-server';

let server: WebServer;
let dir: string;
const host = (): string => `127.0.0.1:${server.port}`;
const auth = (): [string, string][] => [
  ['Host', host()],
  ['X-Tessera-Token', server.token],
];
const send = (method: string, target: string, headers: [string, string][], body = '') =>
  rawRequest(
    server.port,
    requestBytes(
      method,
      target,
      body ? [...headers, ['Content-Length', String(Buffer.byteLength(body))]] : headers,
      body,
    ),
  );
const errorOf = (r: RawReply): string => (JSON.parse(r.body) as { error: string }).error;
const invoke = (channel: string, body: string, headers = auth()) =>
  send('POST', `/api/invoke/${channel}`, headers, body);

const expectStillServes = async (): Promise<void> => {
  const r = await invoke('templates:list', '{}');
  expect(r.status).toBe(200);
  expect(JSON.parse(r.body)).toEqual({
    ok: true,
    result: [
      {
        id: 'vq-vae',
        name: 'VQ-VAE',
        description: 'd',
        // The templates gallery's fields: the catalog's family and paper for vq-vae; a file
        // without nodes has an empty outline; no docs/results folder beside these templates.
        family: 'VQ-VAE / VQGAN',
        paper: { citation: expect.any(String), url: 'https://arxiv.org/abs/1711.00937' },
        outline: { nodes: [], edges: [] },
        nodeCount: 0,
        moduleCount: 0,
        hasResults: false,
      },
    ],
  });
};

beforeAll(async () => {
  dir = mkdtempSync(nodePath.join(tmpdir(), 'tessera-hostile-'));
  mkdirSync(nodePath.join(dir, 'web', 'assets'), { recursive: true });
  mkdirSync(nodePath.join(dir, 'templates'));
  writeFileSync(nodePath.join(dir, 'web', 'index.html'), '<!doctype html><title>Tessera</title>');
  writeFileSync(nodePath.join(dir, 'secret.txt'), 'SECRET-OUTSIDE');
  writeFileSync(
    nodePath.join(dir, 'templates', 'vq-vae.json'),
    JSON.stringify({ name: 'VQ-VAE', description: 'd' }),
  );
  const app = createAppHandlers({
    engine: fakeEngine(),
    shell: 'web',
    appVersion: '0.0.0-test',
    templatesDir: nodePath.join(dir, 'templates'),
    projectsDir: nodePath.join(dir, 'projects'),
    runsDir: nodePath.join(dir, 'runs'),
    recentFile: nodePath.join(dir, 'recent.json'),
    trustFile: nodePath.join(dir, 'trust.json'),
    emit: () => undefined,
  });
  server = await startWebServer({ staticDir: nodePath.join(dir, 'web'), handlers: app.handlers });
});
afterAll(async () => server.close());

describe('the two requests that used to crash the process', () => {
  it('a malformed token cookie and no token: 401 with a JSON message', async () => {
    const r = await send('GET', '/', [
      ['Host', host()],
      ['Cookie', `tessera-token-${server.port}=%E0%A4%A`],
    ]);
    expect(r.status).toBe(401);
    expect(errorOf(r)).toContain('Missing or wrong token');
    await expectStillServes();
  });

  it('/api/invoke/%E0 with a valid token: 400 naming the segment', async () => {
    const r = await invoke('%E0', '{}');
    expect(r.status).toBe(400);
    expect(errorOf(r)).toBe('The path segment "%E0" is not valid percent-encoding.');
    await expectStillServes();
  });
});

describe('paths', () => {
  it('refuses traversal, encoded slashes and NUL with the token, never serving outside', async () => {
    for (const target of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/index.html%00',
      '/%00',
      '//127.0.0.1/secret.txt',
      `http://${'127.0.0.1'}/../secret.txt`,
      '/assets/%2E%2E/%2E%2E/secret.txt',
    ]) {
      const r = await send('GET', target, auth());
      expect(r.status, target).toBe(400);
      expect(r.body, target).not.toContain('SECRET-OUTSIDE');
    }
    expect((await send('GET', `/${'a'.repeat(9000)}`, auth())).status).toBe(414);
    await expectStillServes();
  });

  it('answers 404 for unknown API routes and 426 for the event socket without an upgrade', async () => {
    expect((await send('GET', '/api/nothing', auth())).status).toBe(404);
    const r = await send('GET', '/api/events', auth());
    expect(r.status).toBe(426);
    expect(errorOf(r)).toBe('Open /api/events as a WebSocket.');
    expect((await invoke('fs:delete', '{}')).status).toBe(404);
  });
});

describe('methods', () => {
  it('refuses TRACE, PROPFIND, DELETE and OPTIONS with 405 and Allow, even with the token', async () => {
    for (const m of ['TRACE', 'PROPFIND', 'DELETE', 'OPTIONS', 'PUT', 'PATCH']) {
      const r = await send(m, '/', auth());
      expect(r.status, m).toBe(405);
      expect(r.headers.allow).toBe('GET, HEAD, POST');
      expect(errorOf(r)).toContain(`"${m}"`);
    }
    expect((await send('GET', '/api/invoke/templates:list', auth())).status).toBe(405);
    expect((await send('POST', '/index.html', auth(), '{}')).status).toBe(405);
  });

  it("refuses what Node's parser cannot read (lowercase, very long, CONNECT) with a JSON answer", async () => {
    for (const m of ['get', 'G<T', 'A'.repeat(5000)]) {
      const r = await send(m, '/', auth());
      expect(r.status, m.slice(0, 10)).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false });
    }
    const c = await rawRequest(
      server.port,
      `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: ${host()}\r\n\r\n`,
    );
    expect(c.status).toBe(405);
    await expectStillServes();
  });
});

describe('headers', () => {
  it('answers 431 to headers over 16 KiB', async () => {
    const r = await send('GET', '/', [...auth(), ['X-Big', 'x'.repeat(20_000)]]);
    expect(r.status).toBe(431);
    expect(errorOf(r)).toBe('The request headers are over 16 KiB.');
  });

  it('answers 431 to 2,100 small headers, which Node would cut to its count and pass on', async () => {
    const many = Array.from({ length: 2100 }, (_, i): [string, string] => [`X-H${i}`, 'v']);
    const r = await send('GET', '/index.html', [...auth(), ...many]);
    expect(r.status).toBe(431);
    expect(errorOf(r)).toMatch(/^The request has \d+ headers; the most is 100\.$/);
  });

  it('refuses a duplicate Host (400), a missing Host (400) and a bad Origin (403)', async () => {
    expect((await send('GET', '/', [...auth(), ['Host', 'evil.example']])).status).toBe(400);
    const none = await send('GET', '/', [['X-Tessera-Token', server.token]]);
    expect(none.status).toBe(400);
    expect(errorOf(none)).toBe('The request has no Host header.');
    const old = await rawRequest(
      server.port,
      `GET / HTTP/1.0\r\nX-Tessera-Token: ${server.token}\r\n\r\n`,
    );
    expect(old.status).toBe(400);
    for (const origin of ['null', 'http://evil.example', `http://${host()}.evil`])
      expect((await send('GET', '/', [...auth(), ['Origin', origin]])).status, origin).toBe(403);
  });

  it('refuses malformed Content-Length and Transfer-Encoding (400)', async () => {
    for (const h of [
      [['Content-Length', 'abc']],
      [['Content-Length', '-1']],
      [
        ['Content-Length', '2'],
        ['Content-Length', '3'],
      ],
      [
        ['Content-Length', '2'],
        ['Transfer-Encoding', 'chunked'],
      ],
    ] as [string, string][][]) {
      const r = await rawRequest(
        server.port,
        requestBytes('POST', '/api/invoke/templates:list', [...auth(), ...h], '{}'),
      );
      expect(r.status, JSON.stringify(h)).toBe(400);
    }
    await expectStillServes();
  });
});

describe('bodies', () => {
  it('refuses a 64 MB body with 413 before the client has sent it', async () => {
    const mib = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const more = (function* () {
      for (let i = 0; i < 64; i++) {
        sent += 1;
        yield mib;
      }
    })();
    const r = await rawRequest(
      server.port,
      requestBytes('POST', '/api/invoke/project:save', [
        ...auth(),
        ['Content-Length', String(64 * 1000 * 1000)],
      ]),
      { more },
    );
    expect(r.status).toBe(413);
    expect(r.headers.connection).toBe('close');
    expect(errorOf(r)).toBe('The request body is over 32 MiB, the most a request may carry.');
    expect(sent).toBeLessThan(32);
    await expectStillServes();
  });

  it('refuses a chunked body as it passes 32 MiB', async () => {
    const piece = Buffer.alloc(1024 * 1024, 0x20);
    const chunk = Buffer.concat([Buffer.from('100000\r\n'), piece, Buffer.from('\r\n')]);
    let sent = 0;
    const more = (function* () {
      for (let i = 0; i < 48; i++) {
        sent += 1;
        yield chunk;
      }
    })();
    const r = await rawRequest(
      server.port,
      requestBytes('POST', '/api/invoke/project:save', [
        ...auth(),
        ['Transfer-Encoding', 'chunked'],
      ]),
      { more },
    );
    expect(r.status).toBe(413);
    expect(sent * piece.length).toBeGreaterThan(maxBodyBytes);
    expect(sent).toBeLessThan(48);
    await expectStillServes();
  });

  it('refuses bodies that are not JSON objects, not UTF-8, or nested 100,000 deep (400)', async () => {
    expect(errorOf(await invoke('templates:list', '{"payload":'))).toMatch(/^The body is not JSON/);
    expect(errorOf(await invoke('templates:list', '[1]'))).toBe(
      'The body must be a JSON object: { "payload": … }.',
    );
    expect((await invoke('templates:list', 'null')).status).toBe(400);
    const deep = `{"payload":{"document":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const r = await invoke('train:start', deep);
    expect(r.status).toBe(400);
    expect(errorOf(r)).toBe('The body nests deeper than 256 levels.');
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]);
    const u = await rawRequest(
      server.port,
      requestBytes(
        'POST',
        '/api/invoke/templates:list',
        [...auth(), ['Content-Length', String(bytes.length)]],
        bytes,
      ),
    );
    expect(u.status).toBe(400);
    expect(errorOf(u)).toBe('The request body is not valid UTF-8.');
    await expectStillServes();
  });

  it('refuses __proto__, constructor and prototype keys on every channel; Object.prototype untouched', async () => {
    const bodies = [
      '{"__proto__":{"polluted":"yes"}}',
      '{"payload":{"__proto__":{"polluted":"yes"}}}',
      '{"payload":{"path":"a.json","document":{"constructor":{"prototype":{"polluted":"yes"}}}}}',
      '{"payload":{"document":{"nodes":{"\\u005f_proto__":{"polluted":"yes"}}}}}',
      '{"payload":{"id":"abcdefgh12","document":{"prototype":{"polluted":"yes"}}}}',
    ];
    for (const channel of ['templates:list', 'project:save', 'train:start', 'recovery:write'])
      for (const b of bodies) {
        const r = await invoke(channel, b);
        expect(r.status, `${channel} ${b}`).toBe(400);
        expect(errorOf(r)).toContain('are not allowed as keys');
      }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('handler failures', () => {
  it('a handler that throws is a 500 with its message, never a stack; a non-Error too', async () => {
    const throwing = {
      'engine:info': async () => {
        throw new Error('The engine is not ready: start it again.');
      },
      'templates:list': async () => {
        throw undefined;
      },
      'blocks:list': async () => ({ big: 10n }),
    } as unknown as InvokeHandlers;
    const s = await startWebServer({ staticDir: dir, handlers: throwing });
    const h: [string, string][] = [
      ['Host', `127.0.0.1:${s.port}`],
      ['X-Tessera-Token', s.token],
      ['Content-Length', '2'],
    ];
    const call = (c: string) =>
      rawRequest(s.port, requestBytes('POST', `/api/invoke/${c}`, h, '{}'));
    const a = await call('engine:info');
    expect(a.status).toBe(500);
    expect(JSON.parse(a.body)).toEqual({
      ok: false,
      error: 'The engine is not ready: start it again.',
    });
    const b = await call('templates:list');
    expect([b.status, errorOf(b)]).toEqual([500, 'The web shell failed to answer this request.']);
    const c = await call('blocks:list');
    expect(c.status).toBe(500);
    expect(errorOf(c)).toMatch(/^The answer could not be sent/);
    for (const r of [a, b, c]) expect(r.body).not.toMatch(/\n\s+at /);
    await s.close();
  });
});

describe('the event socket', () => {
  const events = (): string => `/api/events?token=${server.token}`;

  it('refuses upgrades without the token, with bad encoding, elsewhere or malformed', async () => {
    const h = upgradeHeaders(host());
    expect((await rawUpgrade(server.port, '/api/events', h)).status).toBe(401);
    expect((await rawUpgrade(server.port, '/api/events?token=%E0%A4%A', h)).status).toBe(401);
    const bad = await rawUpgrade(server.port, `/api/ev%E0nts?token=${server.token}`, h);
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('not valid percent-encoding');
    expect((await rawUpgrade(server.port, `/?token=${server.token}`, h)).status).toBe(404);
    expect(
      (await rawUpgrade(server.port, events(), [...h, ['Origin', 'http://evil.example']])).status,
    ).toBe(403);
    const noKey = h.filter(([k]) => k !== 'Sec-WebSocket-Key');
    expect((await rawUpgrade(server.port, events(), noKey)).status).toBe(400);
    const v99 = h.map(([k, v]): [string, string] => [k, k === 'Sec-WebSocket-Version' ? '99' : v]);
    expect((await rawUpgrade(server.port, events(), v99)).status).toBe(400);
    await expectStillServes();
  });

  const session = async (bytes: Buffer) => {
    const up = await rawUpgrade(server.port, events(), upgradeHeaders(host()));
    expect(up.status).toBe(101);
    return sendAndAwaitClose(up.socket!, bytes);
  };

  it('closes with 1008 on any message: not JSON, an unknown channel, binary', async () => {
    const notJson = await session(frame(1, Buffer.from('{"payload":')));
    expect(notJson).toEqual({
      ended: true,
      closeCode: 1008,
      reason: 'The message is not JSON: this socket only sends events.',
    });
    const unknown = await session(frame(1, Buffer.from('{"channel":"fs:delete"}')));
    expect(unknown.closeCode).toBe(1008);
    expect(unknown.reason).toContain('"fs:delete"');
    expect((await session(frame(2, Buffer.from([0, 1, 2])))).closeCode).toBe(1008);
  });

  it('closes on bad frames: unmasked (1002), bad opcode (1002), bad UTF-8 (1007), oversized (1009)', async () => {
    expect((await session(frame(1, Buffer.from('hi'), { mask: false }))).closeCode).toBe(1002);
    expect((await session(frame(3, Buffer.from('hi')))).closeCode).toBe(1002);
    expect((await session(frame(1, Buffer.from('hi'), { rsv: 4 }))).closeCode).toBe(1002);
    expect((await session(frame(1, Buffer.from([0xc3, 0x28])))).closeCode).toBe(1007);
    const huge = frame(1, Buffer.alloc(16), { declaredLength: 100 * 1024 * 1024 });
    expect((await session(huge)).closeCode).toBe(1009);
    const garbage = await session(Buffer.from('GET / HTTP/1.1\r\n\r\n\u0000\u00ff'));
    expect(garbage.ended).toBe(true);
    await expectStillServes();
  });
});

describe('broadcast', () => {
  it('drops an event that cannot be serialised instead of throwing into the caller', async () => {
    const up = await rawUpgrade(
      server.port,
      `/api/events?token=${server.token}`,
      upgradeHeaders(host()),
    );
    expect(up.status).toBe(101);
    const got: Buffer[] = [];
    up.socket!.on('data', (d: Buffer) => got.push(d));
    expect(() =>
      server.broadcast('train:event', { type: 'status', big: 1n } as unknown as TrainEvent),
    ).not.toThrow();
    server.broadcast('train:event', { type: 'status', runId: 'r', state: 'running' });
    await new Promise((r) => setTimeout(r, 100));
    const text = Buffer.concat(got).toString('utf8');
    expect(text).toContain('"runId":"r"');
    expect(text).not.toContain('big');
    up.socket!.destroy();
  });
});
