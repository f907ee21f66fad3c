// The event socket (/api/events): the server pushes { event, args } to every connected UI.
// Events flow one way; anything a client sends is refused by closing with 1008 and a reason
// saying what came (binary, not JSON, a channel) and where invokes go instead. ws itself closes
// on bad frames (1002), invalid UTF-8 (1007) and messages over maxInboundMessageBytes (1009);
// every socket has an error listener, so none of that reaches the process.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { jsonDeeperThan } from './json-body';
import { quoteForMessage } from './safe-decode';

/** A client never needs to send; this bounds what ws buffers for one message. */
export const maxInboundMessageBytes = 64 * 1024;

/** Close reasons are at most 123 bytes; this keeps ours under that. */
const reason = (s: string): string => {
  let r = s;
  while (Buffer.byteLength(r) > 123) r = r.slice(0, -2);
  return r;
};

const channelOf = (v: unknown): string | undefined => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const c = o.channel ?? o.event;
  return typeof c === 'string' ? c : undefined;
};

/** Why an inbound message is refused (the close reason). */
export const inboundRefusal = (data: RawData, isBinary: boolean): string => {
  if (isBinary) return 'Binary messages are refused: this socket only sends events.';
  const text = Buffer.isBuffer(data)
    ? data.toString('utf8')
    : Array.isArray(data)
      ? Buffer.concat(data).toString('utf8')
      : Buffer.from(data).toString('utf8');
  let value: unknown;
  try {
    if (jsonDeeperThan(text, 64))
      return 'The message nests too deep: this socket only sends events.';
    value = JSON.parse(text) as unknown;
  } catch {
    return 'The message is not JSON: this socket only sends events.';
  }
  const channel = channelOf(value);
  return channel === undefined
    ? 'No channel here: this socket only sends events; invoke with POST /api/invoke/<channel>.'
    : reason(
        `Channel ${quoteForMessage(channel, 24)} is not served here; use POST /api/invoke/<channel>.`,
      );
};

export interface EventSockets {
  /** Hands an upgrade that passed the guard to ws. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  broadcast(message: string): void;
  /** How many UIs are connected. */
  count(): number;
  close(): Promise<void>;
}

export const createEventSockets = (): EventSockets => {
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxInboundMessageBytes });
  return {
    accept: (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        sockets.add(ws);
        ws.on('close', () => sockets.delete(ws));
        // ws has already sent its close frame (1002, 1007, 1009) and closes the socket itself.
        ws.on('error', () => undefined);
        ws.on('message', (data, isBinary) => {
          try {
            ws.close(1008, inboundRefusal(data, isBinary));
          } catch {
            ws.terminate();
          }
        });
      }),
    broadcast: (message) => {
      for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
    },
    count: () => sockets.size,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
};
