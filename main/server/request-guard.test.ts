import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { checkRequest, cookieValues, maxHeaderCount, sameToken } from './request-guard';

const port = 4567;
const token = 'T0k3n_abcdefghijklmnopqrstuvwxyz01';
const host = `127.0.0.1:${port}`;

/** A request as Node's parser gives it: headers lower-cased, rawHeaders in pairs as sent. */
const req = (headers: [string, string][], url = '/'): IncomingMessage => {
  const joined: Record<string, string> = {};
  for (const [k, v] of headers) {
    const key = k.toLowerCase();
    if (key === 'host' && joined.host !== undefined) continue; // Node keeps the first Host
    joined[key] = joined[key] === undefined ? v : `${joined[key]}, ${v}`;
  }
  return { url, headers: joined, rawHeaders: headers.flat() } as unknown as IncomingMessage;
};

describe('checkRequest', () => {
  it('treats a malformed token cookie as no token (401), without throwing', () => {
    const v = checkRequest(
      req([
        ['Host', host],
        ['Cookie', `tessera-token-${port}=%E0%A4%A`],
      ]),
      {
        port,
        token,
      },
    );
    expect(v).toMatchObject({ ok: false, status: 401 });
  });

  it('accepts the token from the query, the header or the cookie', () => {
    expect(checkRequest(req([['Host', host]], `/?token=${token}`), { port, token })).toEqual({
      ok: true,
      via: 'query',
    });
    expect(
      checkRequest(
        req([
          ['Host', host],
          ['X-Tessera-Token', token],
        ]),
        { port, token },
      ),
    ).toEqual({ ok: true, via: 'header' });
    const cookie = `other=%E0; tessera-token-${port}=%E0%A4%A; tessera-token-${port}=${token}`;
    expect(
      checkRequest(
        req([
          ['Host', host],
          ['Cookie', cookie],
        ]),
        { port, token },
      ),
    ).toEqual({
      ok: true,
      via: 'cookie',
    });
  });

  it('uses the query it is given over the raw URL', () => {
    const v = checkRequest(
      req([['Host', host]], `/?token=${token}`),
      { port, token },
      new URLSearchParams(),
    );
    expect(v).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a duplicate Host (400) even when the first one is allowed', () => {
    const v = checkRequest(
      req([
        ['Host', host],
        ['Host', 'evil.example'],
        ['X-Tessera-Token', token],
      ]),
      { port, token },
    );
    expect(v).toEqual({
      ok: false,
      status: 400,
      reason: 'The request has more than one Host header.',
    });
  });

  it('refuses a missing Host (400), a foreign Host and a bad Origin (403), quoting what came', () => {
    expect(checkRequest(req([['X-Tessera-Token', token]]), { port, token })).toEqual({
      ok: false,
      status: 400,
      reason: 'The request has no Host header.',
    });
    expect(
      checkRequest(
        req([
          ['Host', 'evil\u0000.example'],
          ['X-Tessera-Token', token],
        ]),
        { port, token },
      ),
    ).toMatchObject({ status: 403, reason: expect.stringContaining('"evil\\u0000.example"') });
    for (const origin of ['null', 'http://evil.example', `http://${host}, http://evil.example`])
      expect(
        checkRequest(
          req([
            ['Host', host],
            ['Origin', origin],
            ['X-Tessera-Token', token],
          ]),
          {
            port,
            token,
          },
        ),
        origin,
      ).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses two token headers, even both right (Node joins them)', () => {
    expect(
      checkRequest(
        req([
          ['Host', host],
          ['X-Tessera-Token', token],
          ['X-Tessera-Token', token],
        ]),
        {
          port,
          token,
        },
      ),
    ).toMatchObject({ ok: false, status: 401 });
  });
});

describe('header count', () => {
  it(`refuses more than ${maxHeaderCount} headers with 431 (Node would drop the rest silently)`, () => {
    const many = Array.from({ length: maxHeaderCount }, (_, i): [string, string] => [
      `X-${i}`,
      'v',
    ]);
    expect(
      checkRequest(req([['Host', host], ['X-Tessera-Token', token], ...many]), { port, token }),
    ).toEqual({
      ok: false,
      status: 431,
      reason: `The request has ${maxHeaderCount + 2} headers; the most is ${maxHeaderCount}.`,
    });
    expect(
      checkRequest(req([['Host', host], ['X-Tessera-Token', token], ...many.slice(2)]), {
        port,
        token,
      }),
    ).toEqual({ ok: true, via: 'header' });
  });
});

describe('Transfer-Encoding', () => {
  it('refuses anything but chunked before the request is answered (400)', () => {
    for (const te of ['xchunked', 'gzip, identity', 'gzip', 'chunked, chunked'])
      expect(
        checkRequest(
          req([
            ['Host', host],
            ['X-Tessera-Token', token],
            ['Transfer-Encoding', te],
          ]),
          {
            port,
            token,
          },
        ),
        te,
      ).toMatchObject({ ok: false, status: 400, reason: expect.stringContaining(`"${te}"`) });
    expect(
      checkRequest(
        req([
          ['Host', host],
          ['X-Tessera-Token', token],
          ['Transfer-Encoding', 'chunked'],
        ]),
        {
          port,
          token,
        },
      ),
    ).toEqual({ ok: true, via: 'header' });
  });
});

describe('sameToken', () => {
  it('is true only for the same string, whatever the lengths', () => {
    expect(sameToken(token, token)).toBe(true);
    expect(sameToken(`${token}x`, token)).toBe(false);
    expect(sameToken('', token)).toBe(false);
    expect(sameToken(token.slice(0, -1) + 'Z', token)).toBe(false);
  });
});

describe('cookieValues', () => {
  it('returns every decodable value of the named cookie, skipping malformed ones', () => {
    expect(cookieValues('a=1; n=%41; n=%E0; n = b%20c ; nn=x', 'n')).toEqual(['A', 'b c']);
    expect(cookieValues(undefined, 'n')).toEqual([]);
    expect(cookieValues('=x; ;;n', 'n')).toEqual([]);
  });
});
