import { describe, expect, it } from 'vitest';
import { inboundRefusal } from './events-socket';

describe('inboundRefusal', () => {
  it('says what came and where invokes go', () => {
    expect(inboundRefusal(Buffer.from([1, 2, 3]), true)).toBe(
      'Binary messages are refused: this socket only sends events.',
    );
    expect(inboundRefusal(Buffer.from('{"payload":'), false)).toBe(
      'The message is not JSON: this socket only sends events.',
    );
    expect(inboundRefusal(Buffer.from('['.repeat(10_000)), false)).toBe(
      'The message nests too deep: this socket only sends events.',
    );
    expect(inboundRefusal(Buffer.from('[1,2]'), false)).toContain('No channel here');
    expect(inboundRefusal(Buffer.from('{"channel":"fs:delete","payload":{}}'), false)).toBe(
      'Channel "fs:delete" is not served here; use POST /api/invoke/<channel>.',
    );
  });

  it('keeps every reason within the 123 bytes a close frame allows', () => {
    const long = JSON.stringify({ event: 'ü'.repeat(500) });
    const r = inboundRefusal(Buffer.from(long), false);
    expect(Buffer.byteLength(r)).toBeLessThanOrEqual(123);
    expect(r).toMatch(/^Channel "ü+…"/);
    expect(inboundRefusal([Buffer.from('{"event":'), Buffer.from('"x"}')], false)).toContain('"x"');
  });
});
