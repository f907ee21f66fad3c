// A raw-socket HTTP client for hostile-request tests: sends exactly the bytes given (Node's own
// client refuses malformed request lines and headers) and reads back whatever status comes.
import { connect } from 'node:net';

export interface RawReply {
  /** The HTTP status, or 0 when the connection ended (or timed out) without one. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Why no status came: 'timeout', 'closed', or a socket error code. */
  failure?: string;
}

export interface RawRequestOptions {
  timeoutMs?: number;
  /** Bytes sent after the first part, one write each (a body streamed in pieces). */
  more?: Iterable<Buffer>;
  /** Close the write side after the last byte, as a client that sent all it will. */
  halfClose?: boolean;
}

interface Head {
  status: number;
  headers: Record<string, string>;
  bodyStart: number;
}

const parseHead = (buf: Buffer): Head | undefined => {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const colon = l.indexOf(':');
    if (colon > 0) headers[l.slice(0, colon).trim().toLowerCase()] = l.slice(colon + 1).trim();
  }
  return { status: status ? Number(status[1]) : 0, headers, bodyStart: end + 4 };
};

/** Whether the body after the head is complete (by Content-Length or chunked terminator). */
const bodyComplete = (buf: Buffer, head: Head, isHead: boolean): boolean => {
  if (isHead) return true;
  const len = head.headers['content-length'];
  if (len !== undefined) return buf.length - head.bodyStart >= Number(len);
  if (head.headers['transfer-encoding']?.includes('chunked'))
    return buf.subarray(head.bodyStart).includes('0\r\n\r\n');
  return head.status === 101 || head.status === 304 || head.status === 204;
};

export const rawRequest = (
  port: number,
  bytes: Buffer | string,
  o: RawRequestOptions = {},
): Promise<RawReply> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    // A HEAD answer has headers only, whatever its Content-Length says.
    const isHead = (typeof bytes === 'string' ? bytes : bytes.toString('latin1', 0, 5)).startsWith(
      'HEAD ',
    );
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (failure?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const head = parseHead(buf);
      if (!head || head.status === 0)
        return resolve({ status: 0, headers: {}, body: '', failure: failure ?? 'closed' });
      resolve({
        status: head.status,
        headers: head.headers,
        body: buf.subarray(head.bodyStart).toString('utf8'),
      });
    };
    const timer = setTimeout(() => finish('timeout'), o.timeoutMs ?? 10_000);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const head = parseHead(buf);
      if (head && bodyComplete(buf, head, isHead)) finish();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? e.message));
    socket.on('close', () => finish());
    socket.on('connect', () => {
      socket.write(bytes);
      void (async () => {
        for (const part of o.more ?? []) {
          if (done || socket.destroyed) return;
          if (!socket.write(part))
            await new Promise<void>((r) => {
              const go = (): void => {
                socket.off('drain', go);
                socket.off('close', go);
                r();
              };
              socket.on('drain', go);
              socket.on('close', go);
            });
        }
        if (o.halfClose && !done) socket.end();
      })();
    });
  });

/** One request as text: request line, headers (in order, duplicates kept), blank line, body. */
export const requestBytes = (
  method: string,
  target: string,
  headers: [string, string][],
  body: Buffer | string = '',
): Buffer =>
  Buffer.concat([
    Buffer.from(
      `${method} ${target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`,
      'latin1',
    ),
    typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
  ]);
