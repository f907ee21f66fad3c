// Raw WebSocket pieces for hostile tests: an upgrade over a plain socket (any headers, any
// target) and hand-built frames (masked or not, any opcode, a declared length that lies), then
// what the server did: its close code, or that it just dropped the connection.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface UpgradeResult {
  /** 101 when upgraded; else the refusal's status, or 0 when none came. */
  status: number;
  /** The open socket after a 101 (the caller closes it). */
  socket?: Socket;
  body: string;
}

export const rawUpgrade = (
  port: number,
  target: string,
  headers: [string, string][],
  o: { method?: string; timeoutMs?: number } = {},
): Promise<UpgradeResult> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (r: UpgradeResult): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (r.status !== 101) socket.destroy();
      socket.removeAllListeners('data');
      resolve(r);
    };
    const timer = setTimeout(() => finish({ status: 0, body: 'timeout' }), o.timeoutMs ?? 10_000);
    socket.on('error', () => finish({ status: 0, body: 'error' }));
    socket.on('close', () => {
      const end = buf.indexOf('\r\n\r\n');
      const m = /^HTTP\/1\.1 (\d{3})/.exec(buf.toString('latin1'));
      finish({
        status: m ? Number(m[1]) : 0,
        body: end < 0 ? '' : buf.subarray(end + 4).toString('utf8'),
      });
    });
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(buf.toString('latin1'));
      const status = m ? Number(m[1]) : 0;
      if (status === 101) {
        const rest = buf.subarray(end + 4);
        if (rest.length) socket.unshift(rest);
        finish({ status, socket, body: '' });
      }
      // A refusal: wait for its body and the close.
    });
    socket.on('connect', () =>
      socket.write(
        `${o.method ?? 'GET'} ${target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`,
        'latin1',
      ),
    );
  });

/** The headers of a well-formed upgrade (a fresh key each time). */
export const upgradeHeaders = (host: string): [string, string][] => [
  ['Host', host],
  ['Connection', 'Upgrade'],
  ['Upgrade', 'websocket'],
  ['Sec-WebSocket-Version', '13'],
  ['Sec-WebSocket-Key', randomBytes(16).toString('base64')],
];

export interface FrameOptions {
  fin?: boolean;
  /** Client frames must be masked; false sends an unmasked (invalid) one. */
  mask?: boolean;
  /** A length to declare instead of the payload's own. */
  declaredLength?: number;
  /** RSV bits (0..7), which must be 0 without extensions. */
  rsv?: number;
}

export const frame = (opcode: number, payload: Buffer, o: FrameOptions = {}): Buffer => {
  const len = o.declaredLength ?? payload.length;
  const mask = o.mask ?? true;
  const head: number[] = [((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | (opcode & 0x0f)];
  const m = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(m | len);
  else if (len < 65536) {
    head.push(m | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(m | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  if (!mask) return Buffer.concat([Buffer.from(head), ext, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((b, i) => b ^ (key[i % 4] ?? 0)));
  return Buffer.concat([Buffer.from(head), ext, key, masked]);
};

export interface SocketEnd {
  /** The code of the server's close frame, if one came. */
  closeCode?: number;
  reason?: string;
  /** Whether the server ended the connection within the time allowed. */
  ended: boolean;
}

/** Sends bytes on an upgraded socket and waits for the server to close it. */
export const sendAndAwaitClose = (
  socket: Socket,
  bytes: Buffer,
  o: {
    timeoutMs?: number;
    /** Close the write side after the bytes (a peer that stops). */ halfClose?: boolean;
  } = {},
): Promise<SocketEnd> =>
  new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let done = false;
    const closeFrame = (): Pick<SocketEnd, 'closeCode' | 'reason'> => {
      // Server frames are unmasked; look for an opcode-8 frame among what came.
      for (let i = 0; i + 1 < buf.length;) {
        const op = (buf[i] ?? 0) & 0x0f;
        let len = (buf[i + 1] ?? 0) & 0x7f;
        let at = i + 2;
        if (len === 126) {
          len = buf.readUInt16BE(at);
          at += 2;
        } else if (len === 127) {
          len = Number(buf.readBigUInt64BE(at));
          at += 8;
        }
        if (op === 8 && len >= 2 && at + len <= buf.length)
          return {
            closeCode: buf.readUInt16BE(at),
            reason: buf.subarray(at + 2, at + len).toString('utf8'),
          };
        i = at + len;
      }
      return {};
    };
    const finish = (ended: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...closeFrame(), ended });
    };
    const timer = setTimeout(() => finish(false), o.timeoutMs ?? 10_000);
    socket.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      // Answer the close handshake, as a client does, so the server ends the connection.
      if (closeFrame().closeCode !== undefined && socket.writable)
        socket.end(frame(8, Buffer.from([0x03, 0xe8])));
    });
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    if (o.halfClose) socket.end(bytes);
    else socket.write(bytes);
  });
