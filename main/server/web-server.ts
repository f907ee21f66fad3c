// The web shell: the built UI and the engine bridge (HTTP invoke + WebSocket events) on
// 127.0.0.1 only, behind request-guard.ts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as nodePath from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventChannel, Events, InvokeHandlers } from '../../core/ipc/contract';
import { isInvokeChannel, validatePayload } from '../../core/ipc/contract.schemas';
import { allowedHosts, checkRequest, newToken, tokenCookieName } from './request-guard';
import { readStatic } from './static-files';
import { contentSecurityPolicy } from '../shared/content-security-policy';

export interface WebServerOptions {
  /** 0 picks a free port. */
  port?: number;
  staticDir: string;
  handlers: InvokeHandlers;
  token?: string;
}

export interface WebServer {
  port: number;
  token: string;
  /** The URL to open (carries the token once; the page then holds it in a cookie). */
  url: string;
  broadcast<E extends EventChannel>(event: E, ...args: Events[E]): void;
  close(): Promise<void>;
}

const maxBody = 32 * 1024 * 1024;

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        reject(new Error('Request body too large.'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const csp = (port: number): string =>
  contentSecurityPolicy(allowedHosts(port).map((h) => `ws://${h}`));

const send = (
  res: ServerResponse,
  status: number,
  body: string,
  type = 'text/plain; charset=utf-8',
): void => {
  res.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
};

export const startWebServer = async (o: WebServerOptions): Promise<WebServer> => {
  const token = o.token ?? newToken();
  const staticDir = nodePath.resolve(o.staticDir);
  let port = 0;
  const sockets = new Set<WebSocket>();

  const onInvoke = async (
    channel: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    if (req.method !== 'POST') return send(res, 405, 'Use POST.');
    if (!isInvokeChannel(channel))
      return send(
        res,
        404,
        JSON.stringify({ ok: false, error: `Unknown channel ${channel}.` }),
        'application/json',
      );
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req)) as unknown;
    } catch (e) {
      return send(
        res,
        400,
        JSON.stringify({ ok: false, error: `Body is not JSON: ${(e as Error).message}` }),
        'application/json',
      );
    }
    const payload = (body as { payload?: unknown } | null)?.payload;
    const v = validatePayload(channel, payload);
    if (!v.ok)
      return send(res, 400, JSON.stringify({ ok: false, error: v.message }), 'application/json');
    try {
      const handler = o.handlers[channel] as (p: unknown) => Promise<unknown>;
      const result = await handler(v.payload);
      send(res, 200, JSON.stringify({ ok: true, result: result ?? null }), 'application/json');
    } catch (e) {
      send(
        res,
        500,
        JSON.stringify({ ok: false, error: (e as Error).message }),
        'application/json',
      );
    }
  };

  const server = createServer((req, res) => {
    const verdict = checkRequest(req, { port, token });
    if (!verdict.ok) return send(res, verdict.status, verdict.reason);
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (verdict.via === 'query' && req.method === 'GET' && !url.pathname.startsWith('/api/')) {
      // Trade the token in the URL for a cookie, and drop it from the address bar.
      res.writeHead(302, {
        location: url.pathname,
        'set-cookie': `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      return res.end();
    }
    if (url.pathname.startsWith('/api/invoke/')) {
      void onInvoke(decodeURIComponent(url.pathname.slice('/api/invoke/'.length)), req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method not allowed.');
    void readStatic(staticDir, url.pathname).then((file) => {
      if (!file) {
        if (url.pathname === '/' || url.pathname === '/index.html')
          return send(
            res,
            503,
            'The UI is not built: run `npm run build:web` (or `npm run web`, which builds it).',
          );
        return send(res, 404, 'Not found.');
      }
      const headers: Record<string, string> = {
        'content-type': file.type,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': file.type.startsWith('text/html') ? 'no-store' : 'max-age=3600',
      };
      if (file.type.startsWith('text/html')) {
        headers['content-security-policy'] = csp(port);
        headers['x-frame-options'] = 'DENY';
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : file.body);
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest(req, { port, token });
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (!verdict.ok || path !== '/api/events') {
      const status = verdict.ok ? 404 : verdict.status;
      socket.write(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', () => undefined); // events flow one way; invokes go over HTTP
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    broadcast: (event, ...args) => {
      const msg = JSON.stringify({ event, args });
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
    },
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
