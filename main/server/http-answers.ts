// How the web shell answers: JSON bodies ({ ok: true, result } or { ok: false, error }) with a
// short message, never a stack; and the same answer written straight onto a socket, for the
// requests Node's parser refused and the WebSocket upgrades refused before any response object.
import type { ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

const baseHeaders = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

/** An error's message for the client: the message alone (never a stack), at most 2,000 chars. */
export const messageOf = (e: unknown): string => {
  const m = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return m ? m.slice(0, 2000) : 'The web shell failed to answer this request.';
};

/** JSON.stringify that cannot throw (BigInt, cycles): those become a 500 answer. */
const bodyText = (body: unknown): { status?: 500; text: string } => {
  try {
    return { text: JSON.stringify(body) ?? 'null' };
  } catch (e) {
    return {
      status: 500,
      text: JSON.stringify({ ok: false, error: `The answer could not be sent: ${messageOf(e)}` }),
    };
  }
};

export const sendJson = (
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void => {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const b = bodyText(body);
  res.writeHead(b.status ?? status, {
    ...baseHeaders,
    'content-length': String(Buffer.byteLength(b.text)),
    ...headers,
  });
  res.end(b.text);
};

export const sendError = (
  res: ServerResponse,
  status: number,
  error: string,
  headers: Record<string, string> = {},
): void => sendJson(res, status, { ok: false, error }, headers);

/** A whole refusal written onto a raw socket, which is then closed. */
export const answerSocket = (socket: Duplex, status: number, error: string): void => {
  if (socket.destroyed) return;
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ ok: false, error });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      `Content-Type: application/json\r\nCache-Control: no-store\r\n` +
      `X-Content-Type-Options: nosniff\r\nConnection: close\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  // end() flushes, then closes; a peer that never reads must not hold the socket.
  setTimeout(() => socket.destroy(), 2000).unref();
};
