// The web shell: the built UI and the engine bridge (HTTP invoke + WebSocket events) on
// 127.0.0.1 only, behind request-guard.ts. No request can take it down: every listener (request,
// upgrade, CONNECT, parser errors) answers 4xx/5xx with a JSON message, and nothing a client
// sends reaches a throwing decode or an unbounded parse.
//
// Routes: GET/HEAD /<file> (the UI, static-files.ts; GET /?token=… trades the token for a
// cookie), POST /api/invoke/<channel> (the contract), /api/events (WebSocket upgrade only).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as nodePath from 'node:path';
import type { Duplex } from 'node:stream';
import type { EventChannel, Events, InvokeHandlers } from '../../core/ipc/contract';
import { isInvokeChannel, validatePayload } from '../../core/ipc/contract.schemas';
import { onClientError } from './client-errors';
import { createEventSockets } from './events-socket';
import { answerSocket, messageOf, sendError, sendJson } from './http-answers';
import { parseJsonBody, readBody } from './json-body';
import { allowedHosts, checkRequest, newToken, tokenCookieName } from './request-guard';
import { parseRequestTarget } from './request-target';
import { quoteForMessage } from './safe-decode';
import { readStatic } from './static-files';
import { contentSecurityPolicy } from '../shared/content-security-policy';

/**
 * Closes like Apache's lingering close: Node destroys a `connection: close` socket as soon as the
 * answer is flushed, and closing with the client's body still arriving makes the kernel send a
 * reset that can discard the answer before the client reads it (a 413 the client never sees).
 * Instead: half-close after the answer, keep discarding what arrives, destroy after 2 s at most.
 */
const lingerOnClose = (socket: Socket): void => {
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), 2000).unref();
  };
};

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
  /** The HTTP server itself ('close' fires only when it stops listening). */
  httpServer: Server;
  broadcast<E extends EventChannel>(event: E, ...args: Events[E]): void;
  close(): Promise<void>;
}

/** The methods the web shell answers; anything else is a 405 (Node refuses non-methods). */
export const allowedMethods = ['GET', 'HEAD', 'POST'];
const invokePrefix = '/api/invoke/';
export const eventsPath = '/api/events';

const csp = (port: number): string =>
  contentSecurityPolicy(allowedHosts(port).map((h) => `ws://${h}`));

const methodRefusal = (method: string | undefined): string =>
  `Method ${quoteForMessage(method ?? '')} is not allowed; the web shell answers GET, HEAD and POST.`;

export const startWebServer = async (o: WebServerOptions): Promise<WebServer> => {
  const token = o.token ?? newToken();
  const staticDir = nodePath.resolve(o.staticDir);
  let port = 0;
  const events = createEventSockets();

  const onInvoke = async (
    channel: string,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> => {
    if (req.method !== 'POST') return sendError(res, 405, 'Invoke with POST.', { allow: 'POST' });
    if (!isInvokeChannel(channel))
      return sendError(res, 404, `Unknown channel ${quoteForMessage(channel)}.`);
    const body = await readBody(req);
    // A refused body is not kept: answer and close the connection, lingering (below).
    if (!body.ok) {
      lingerOnClose(req.socket);
      return sendError(res, body.status, body.reason, { connection: 'close' });
    }
    const parsed = parseJsonBody(body.text);
    if (!parsed.ok) return sendError(res, 400, parsed.reason);
    const v = parsed.value;
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      return sendError(res, 400, 'The body must be a JSON object: { "payload": … }.');
    const checked = validatePayload(channel, (v as { payload?: unknown }).payload);
    if (!checked.ok) return sendError(res, 400, checked.message);
    try {
      const handler = o.handlers[channel] as (p: unknown) => Promise<unknown>;
      const result = await handler(checked.payload);
      sendJson(res, 200, { ok: true, result: result ?? null });
    } catch (e) {
      sendError(res, 500, messageOf(e));
    }
  };

  const onStatic = async (rawPath: string, req: IncomingMessage, res: ServerResponse) => {
    const file = await readStatic(staticDir, rawPath);
    if (!file) {
      if (rawPath === '/' || rawPath === '/index.html')
        return sendError(
          res,
          503,
          'The UI is not built: run `npm run build:web` (or `npm run web`, which builds it).',
        );
      return sendError(res, 404, 'Not found.');
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
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!allowedMethods.includes(req.method ?? ''))
      return sendError(res, 405, methodRefusal(req.method), { allow: allowedMethods.join(', ') });
    const t = parseRequestTarget(req.url);
    if (!t.ok) return sendError(res, t.status, t.reason);
    const verdict = checkRequest(req, { port, token }, t.target.query);
    if (!verdict.ok) return sendError(res, verdict.status, verdict.reason);
    const { path, rawPath } = t.target;
    if (verdict.via === 'query' && req.method === 'GET' && !path.startsWith('/api/')) {
      // Trade the token in the URL for a cookie, and drop it from the address bar.
      res.writeHead(302, {
        location: rawPath,
        'set-cookie': `${tokenCookieName(port)}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    if (path.startsWith(invokePrefix)) return onInvoke(path.slice(invokePrefix.length), req, res);
    if (path === eventsPath)
      return sendError(res, 426, `Open ${eventsPath} as a WebSocket.`, { upgrade: 'websocket' });
    if (path.startsWith('/api/')) return sendError(res, 404, 'No such API route.');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendError(res, 405, 'The UI is served with GET and HEAD.', { allow: 'GET, HEAD' });
    return onStatic(rawPath, req, res);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (req.method !== 'GET') return answerSocket(socket, 405, methodRefusal(req.method));
    const t = parseRequestTarget(req.url);
    if (!t.ok) return answerSocket(socket, t.status, t.reason);
    const verdict = checkRequest(req, { port, token }, t.target.query);
    if (!verdict.ok) return answerSocket(socket, verdict.status, verdict.reason);
    if (t.target.path !== eventsPath)
      return answerSocket(socket, 404, `Only ${eventsPath} takes a WebSocket.`);
    if (req.headers.upgrade?.toLowerCase() !== 'websocket')
      return answerSocket(socket, 400, `${eventsPath} upgrades to a WebSocket only.`);
    events.accept(req, socket, head);
  };

  // requireHostHeader off: the guard answers a missing Host itself, with a message.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    onRequest(req, res).catch((e: unknown) => sendError(res, 500, messageOf(e)));
  });
  server.on('clientError', onClientError);
  server.on('connect', (_req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    answerSocket(socket, 405, methodRefusal('CONNECT'));
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Until ws owns the socket, a reset from the peer must not surface as an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      onUpgrade(req, socket, head);
    } catch (e) {
      answerSocket(socket, 500, messageOf(e));
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // After listening, an 'error' (e.g. accept failing when out of file descriptors) is reported,
  // never thrown: the server keeps listening.
  server.on('error', (e) => process.stderr.write(`tessera web: ${messageOf(e)}\n`));
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    httpServer: server,
    broadcast: (event, ...args) => {
      let message: string;
      try {
        message = JSON.stringify({ event, args });
      } catch (e) {
        // An event that cannot be serialised is dropped (and said), never thrown into the engine.
        process.stderr.write(`tessera web: event ${event} not sent: ${messageOf(e)}\n`);
        return;
      }
      events.broadcast(message);
    },
    close: async () => {
      await events.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
