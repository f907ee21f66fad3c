import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { request } from 'node:http';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { WebSocket } from 'ws';
import { startWebServer, type WebServer } from './web-server';
import { createAppHandlers } from './handlers/app-handlers';
import { fakeEngine } from './handlers/fake-engine';
import type { TrainEvent } from '../../core/ipc/train-event';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const call = (
  port: number,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });

const wsOutcome = (url: string, headers: Record<string, string>): Promise<'open' | number> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      resolve('open');
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => undefined);
  });

describe('web shell security', () => {
  let server: WebServer;
  let dir: string;
  let host: string;
  beforeAll(async () => {
    dir = mkdtempSync(nodePath.join(tmpdir(), 'tessera-web-'));
    mkdirSync(nodePath.join(dir, 'web'));
    mkdirSync(nodePath.join(dir, 'templates'));
    writeFileSync(nodePath.join(dir, 'web', 'index.html'), '<!doctype html><title>Tessera</title>');
    writeFileSync(
      nodePath.join(dir, 'templates', 'vq-vae.json'),
      JSON.stringify({ name: 'VQ-VAE', description: 'd' }),
    );
    let emit: (e: 'train:event', p: TrainEvent) => void = () => undefined;
    const app = createAppHandlers({
      engine: fakeEngine(),
      shell: 'web',
      appVersion: '0.0.0-test',
      templatesDir: nodePath.join(dir, 'templates'),
      projectsDir: nodePath.join(dir, 'projects'),
      runsDir: nodePath.join(dir, 'runs'),
      recentFile: nodePath.join(dir, 'recent.json'),
      emit: (e, p) => emit(e, p),
    });
    server = await startWebServer({ staticDir: nodePath.join(dir, 'web'), handlers: app.handlers });
    emit = (e, p) => server.broadcast(e, p);
    host = `127.0.0.1:${server.port}`;
  });
  afterAll(async () => server.close());

  it('prints a 127.0.0.1 URL with a fresh token per launch', async () => {
    expect(server.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${server.port}/\\?token=[A-Za-z0-9_-]{32}$`),
    );
    const other = await startWebServer({ staticDir: dir, handlers: createAppHandlersForTest() });
    expect(other.token).not.toBe(server.token);
    await other.close();
  });

  it('refuses a request without the token, or with a wrong one', async () => {
    expect((await call(server.port, '/')).status).toBe(401);
    expect((await call(server.port, '/?token=nope')).status).toBe(401);
    expect(
      (
        await call(server.port, '/api/invoke/templates:list', {
          method: 'POST',
          body: '{}',
          headers: { 'x-tessera-token': 'x' },
        })
      ).status,
    ).toBe(401);
  });

  it('trades the URL token for an HttpOnly cookie, then serves the UI with a CSP', async () => {
    const first = await call(server.port, `/?token=${server.token}`);
    expect(first.status).toBe(302);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`tessera-token-${server.port}=`);
    expect(cookie).toContain('HttpOnly');
    const page = await call(server.port, '/', { headers: { cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Tessera</title>');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });

  it('refuses a foreign Host even with the right token (DNS rebinding)', async () => {
    const r = await call(server.port, `/?token=${server.token}`, {
      headers: { host: `evil.example:${server.port}` },
    });
    expect(r.status).toBe(403);
    const r2 = await call(server.port, `/?token=${server.token}`, {
      headers: { host: `127.0.0.1:${server.port + 1}` },
    });
    expect(r2.status).toBe(403);
  });

  it('refuses a foreign Origin even with the right token', async () => {
    const r = await call(server.port, '/api/invoke/templates:list', {
      method: 'POST',
      body: '{}',
      headers: { 'x-tessera-token': server.token, origin: 'http://evil.example' },
    });
    expect(r.status).toBe(403);
  });

  it('answers a valid invoke and rejects a bad payload with the schema message', async () => {
    const ok = await call(server.port, '/api/invoke/templates:list', {
      method: 'POST',
      body: '{}',
      headers: { 'x-tessera-token': server.token, origin: `http://${host}` },
    });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({
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
    const bad = await call(server.port, '/api/invoke/train:pause', {
      method: 'POST',
      body: JSON.stringify({ payload: { runId: 7 } }),
      headers: { 'x-tessera-token': server.token },
    });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toContain('runId');
    const unknown = await call(server.port, '/api/invoke/fs:delete', {
      method: 'POST',
      body: '{}',
      headers: { 'x-tessera-token': server.token },
    });
    expect(unknown.status).toBe(404);
  });

  it('checks token, Host and Origin on the WebSocket upgrade, and delivers events', async () => {
    const base = `ws://127.0.0.1:${server.port}/api/events`;
    expect(await wsOutcome(base, {})).toBe(401);
    expect(
      await wsOutcome(`${base}?token=${server.token}`, { origin: 'http://evil.example' }),
    ).toBe(403);
    expect(await wsOutcome(`${base}?token=${server.token}`, { host: 'attacker.test' })).toBe(403);
    const ws = new WebSocket(`${base}?token=${server.token}`, {
      headers: { origin: `http://${host}` },
    });
    await new Promise((r) => ws.on('open', r));
    const got = new Promise<unknown>((r) =>
      ws.on('message', (m: Buffer) => r(JSON.parse(m.toString()))),
    );
    const start = await call(server.port, '/api/invoke/train:start', {
      method: 'POST',
      body: JSON.stringify({ payload: { document: { name: 'x' }, steps: 2 } }),
      headers: { 'x-tessera-token': server.token },
    });
    expect(start.status).toBe(200);
    const msg = (await got) as { event: string; args: [TrainEvent] };
    expect(msg.event).toBe('train:event');
    expect(msg.args[0].type).toBe('status');
    ws.close();
  });
});

const createAppHandlersForTest = () =>
  createAppHandlers({
    engine: fakeEngine(),
    shell: 'web',
    appVersion: 't',
    templatesDir: '/nonexistent',
    projectsDir: '/nonexistent',
    runsDir: '/nonexistent',
    recentFile: '/nonexistent/recent.json',
    emit: () => undefined,
  }).handlers;
