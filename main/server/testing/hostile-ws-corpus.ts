// A seeded corpus for the event socket (/api/events): upgrades that must be refused (no or wrong
// token, bad percent-encoding, wrong path, bad Host or Origin, a broken handshake), and messages
// sent on an accepted socket that must end it (garbage bytes, bad frames, invalid JSON, unknown
// or real channel names, oversized). {{PORT}} and {{TOKEN}} are filled in at send time.
import fc from 'fast-check';
import { channels } from './hostile-corpus';
import { frame } from './raw-websocket';

export interface HostileUpgrade {
  kind: string;
  method: string;
  target: string;
  /** Replaces or removes (null) the well-formed upgrade's headers, by name. */
  change: [string, string | null][];
}

export interface HostileMessage {
  kind: string;
  bytes: Buffer;
}

const printable = fc.string({ minLength: 1, maxLength: 40 });
const malformed = fc.constantFrom('%E0%A4%A', '%E0', '%', '%zz', '%C0%AF', '%ED%A0%80');

const upgradeArb: fc.Arbitrary<HostileUpgrade> = fc.oneof(
  fc.constant<HostileUpgrade>({
    kind: 'no-token',
    method: 'GET',
    target: '/api/events',
    change: [],
  }),
  fc.oneof(printable.map(encodeURIComponent), malformed, fc.constant('{{TOKEN}}x')).map((t) => ({
    kind: 'wrong-token',
    method: 'GET',
    target: `/api/events?token=${t}`,
    change: [],
  })),
  fc.tuple(malformed, fc.stringMatching(/^[a-z]{0,5}$/)).map(([m, s]) => ({
    kind: 'bad-encoding',
    method: 'GET',
    target: `/api/ev${s}${m}ents?token={{TOKEN}}`,
    change: [],
  })),
  fc
    .constantFrom(
      '/',
      '/api/events/',
      '/api/events/../events',
      '/api/%2e%2e/api/events',
      '/api/invoke/engine:info',
      '//api/events',
      '*',
    )
    .map((p) => ({ kind: 'bad-path', method: 'GET', target: `${p}?token={{TOKEN}}`, change: [] })),
  fc.constantFrom('POST', 'PUT', 'TRACE', 'get').map((m) => ({
    kind: 'bad-method',
    method: m,
    target: '/api/events?token={{TOKEN}}',
    change: [],
  })),
  fc
    .oneof(fc.constantFrom('evil.example', '127.0.0.1:1', 'localhost'), printable)
    .map((h): HostileUpgrade => ({
      kind: 'bad-host',
      method: 'GET',
      target: '/api/events?token={{TOKEN}}',
      change: [['Host', h]],
    })),
  fc
    .oneof(
      fc.constantFrom('null', 'http://evil.example', 'http://127.0.0.1:{{PORT}}.evil'),
      printable,
    )
    .map((o): HostileUpgrade => ({
      kind: 'bad-origin',
      method: 'GET',
      target: '/api/events?token={{TOKEN}}',
      change: [['Origin', o]],
    })),
  fc
    .constantFrom<[string, string | null][]>(
      [['Sec-WebSocket-Key', null]],
      [['Sec-WebSocket-Key', 'short']],
      [['Sec-WebSocket-Version', '99']],
      [['Sec-WebSocket-Version', null]],
      [['Upgrade', 'h2c']],
    )
    .map((change) => ({
      kind: 'bad-handshake',
      method: 'GET',
      target: '/api/events?token={{TOKEN}}',
      change,
    })),
);

const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));

const messageArb: fc.Arbitrary<HostileMessage> = fc.oneof(
  fc
    .uint8Array({ minLength: 1, maxLength: 200 })
    .map((a) => ({ kind: 'garbage-bytes', bytes: Buffer.from(a) })),
  printable
    .filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    })
    .map((s) => ({ kind: 'invalid-json', bytes: frame(1, Buffer.from(s)) })),
  fc
    .tuple(fc.oneof(fc.constantFrom(...channels), printable), fc.jsonValue({ maxDepth: 3 }))
    .map(([channel, payload]) => ({
      kind: 'channel-message',
      bytes: frame(1, json({ channel, payload })),
    })),
  fc
    .tuple(
      fc.oneof(fc.constantFrom('train:event', '__proto__'), printable),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([event, a]) => ({ kind: 'event-message', bytes: frame(1, json({ event, args: [a] })) })),
  fc
    .uint8Array({ maxLength: 100 })
    .map((a) => ({ kind: 'binary', bytes: frame(2, Buffer.from(a)) })),
  fc
    .constantFrom(3, 4, 5, 6, 7, 11, 12, 15)
    .map((op) => ({ kind: 'bad-opcode', bytes: frame(op, Buffer.from('x')) })),
  fc.constant({
    kind: 'unmasked',
    bytes: frame(1, Buffer.from('{"channel":"engine:info"}'), { mask: false }),
  }),
  fc
    .integer({ min: 1, max: 7 })
    .map((rsv) => ({ kind: 'rsv-bits', bytes: frame(1, Buffer.from('{}'), { rsv }) })),
  fc
    .constantFrom(Buffer.from([0xc3, 0x28]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xff]))
    .map((b) => ({ kind: 'bad-utf8', bytes: frame(1, b) })),
  fc.integer({ min: 64 * 1024 + 1, max: 2 ** 40 }).map((n) => ({
    kind: 'oversized',
    bytes: frame(1, Buffer.alloc(8), { declaredLength: n }),
  })),
  fc.constant({
    kind: 'deep-json',
    bytes: frame(1, Buffer.from('['.repeat(60_000) + ']'.repeat(60_000)).subarray(0, 60_000)),
  }),
  fc.constant({ kind: 'control-fragmented', bytes: frame(9, Buffer.from('ping'), { fin: false }) }),
);

export const hostileUpgrades = (seed: number, count: number): HostileUpgrade[] =>
  fc.sample(upgradeArb, { seed, numRuns: count });

export const hostileMessages = (seed: number, count: number): HostileMessage[] =>
  fc.sample(messageArb, { seed, numRuns: count });
