import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { messageOf, sendJson } from './http-answers';

describe('messageOf', () => {
  it('gives the message alone, never the stack', () => {
    const e = new Error('Disk full: free space on /tmp and save again.');
    expect(messageOf(e)).toBe('Disk full: free space on /tmp and save again.');
    expect(messageOf(e)).not.toContain('at ');
  });
  it('has a message for throws that are not Errors, and cuts long ones', () => {
    expect(messageOf(undefined)).toBe('The web shell failed to answer this request.');
    expect(messageOf({ stack: 'x' })).toBe('The web shell failed to answer this request.');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(new Error('x'.repeat(5000)))).toHaveLength(2000);
  });
});

describe('sendJson', () => {
  it('answers 500 with a message when the result cannot be serialised (BigInt, cycles)', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const bodies = [{ n: 1n }, cyclic];
    const server = createServer((req, res) =>
      sendJson(res, 200, { ok: true, result: bodies[Number(req.url?.slice(1))] }),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    for (const i of [0, 1]) {
      const res = await fetch(`http://127.0.0.1:${port}/${i}`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as { ok: boolean; error: string };
      expect(body.ok).toBe(false);
      expect(body.error).toMatch(/^The answer could not be sent: .*(BigInt|circular)/i);
    }
    await new Promise((r) => server.close(r));
  });
});
