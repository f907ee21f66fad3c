// A seeded corpus of hostile HTTP requests for the web shell's fuzz test (fast-check). Each is an
// ordinary request to one of the shell's routes (web-server.ts) with the right token, Host and
// body, plus one mutation that must get it refused: no or wrong token, a malformed cookie, bad
// Host or Origin, a method the shell does not answer, a path that tries to leave the app or does
// not decode, an unknown channel, a body that is too big, not JSON, too deep or polluting, bad
// headers, or bytes that are not HTTP at all. {{PORT}} and {{TOKEN}} are filled in at send time.
import fc from 'fast-check';
import { invokeSchemas } from '../../../core/ipc/contract.schemas';
import { hostileBody, type DeclaredLength } from './hostile-bodies';
import { malformedPercent, noise, printable, queryValue, wrongToken } from './hostile-strings';

export { renderRequest } from './hostile-request-bytes';

export type RouteName =
  'static' | 'token-exchange' | 'invoke' | 'events-http' | 'api-unknown' | 'not-http';

export interface HostileSpec {
  /** The mutation, e.g. 'bad-path'. */
  kind: string;
  route: RouteName;
  method: string;
  target: string;
  headers: [string, string][];
  body: string;
  contentLength: DeclaredLength;
  /** Raw bytes sent instead of a request (latin1), with the write side closed after them. */
  garbage?: string;
}

export const channels = Object.keys(invokeSchemas);
const host = '127.0.0.1:{{PORT}}';
const tokenVias = ['header', 'cookie', 'query'] as const;
type TokenVia = (typeof tokenVias)[number];

interface Base {
  route: RouteName;
  method: string;
  path: string;
  query: string;
  via: TokenVia;
  body: string;
}

const baseArb: fc.Arbitrary<Base> = fc.oneof(
  fc.record({
    route: fc.constant<RouteName>('static'),
    method: fc.constantFrom('GET', 'HEAD'),
    path: fc.constantFrom('/', '/index.html', '/assets/app.js', '/missing.js'),
    query: fc.constant(''),
    via: fc.constantFrom<TokenVia>('header', 'cookie'),
    body: fc.constant(''),
  }),
  fc.record({
    route: fc.constant<RouteName>('token-exchange'),
    method: fc.constant('GET'),
    path: fc.constantFrom('/', '/index.html'),
    query: fc.constant(''),
    via: fc.constant<TokenVia>('query'),
    body: fc.constant(''),
  }),
  {
    weight: 3,
    arbitrary: fc.record({
      route: fc.constant<RouteName>('invoke'),
      method: fc.constant('POST'),
      path: fc.constantFrom(...channels).map((c) => `/api/invoke/${encodeURIComponent(c)}`),
      query: fc.constant(''),
      via: fc.constantFrom(...tokenVias),
      body: fc.constant('{}'),
    }),
  },
  fc.record({
    route: fc.constant<RouteName>('events-http'),
    method: fc.constantFrom('GET', 'HEAD', 'POST'),
    path: fc.constant('/api/events'),
    query: fc.constant(''),
    via: fc.constantFrom(...tokenVias),
    body: fc.constant(''),
  }),
  fc.record({
    route: fc.constant<RouteName>('api-unknown'),
    method: fc.constantFrom('GET', 'POST'),
    path: fc.constantFrom('/api/', '/api/invoke', '/api/files/list', '/api/events/x'),
    query: fc.constant(''),
    via: fc.constantFrom<TokenVia>('header', 'cookie'),
    body: fc.constant(''),
  }),
);

const tokenHeader = (via: TokenVia, token: string): [string, string][] =>
  via === 'header'
    ? [['X-Tessera-Token', token]]
    : via === 'cookie'
      ? [['Cookie', `tessera-token-{{PORT}}=${token}`]]
      : [];

const targetOf = (path: string, query: string, via: TokenVia, token: string | null) => {
  const q = [query, via === 'query' && token !== null ? `token=${token}` : '']
    .filter(Boolean)
    .join('&');
  return q ? `${path}?${q}` : path;
};

/** The request as the studio would send it, with the token (or `token` instead). */
const ordinary = (b: Base, kind: string, token: string | null = '{{TOKEN}}'): HostileSpec => ({
  kind,
  route: b.route,
  method: b.method,
  target: targetOf(b.path, b.query, b.via, token),
  headers: [['Host', host], ...(token === null ? [] : tokenHeader(b.via, token))],
  body: b.body,
  contentLength: b.body ? 'auto' : null,
});

const withNoise = (arb: fc.Arbitrary<HostileSpec>): fc.Arbitrary<HostileSpec> =>
  fc.tuple(arb, noise).map(([s, n]) => ({ ...s, headers: [...s.headers, ...n] }));

const noToken = baseArb.map((b) => ordinary(b, 'no-token', null));

const wrongTokenArb = fc
  .tuple(baseArb, wrongToken)
  .map(([b, t]) => ordinary(b, 'wrong-token', b.via === 'query' ? queryValue(t) : t))
  .filter((s) => !/[\r\n]/.test(JSON.stringify(s.headers)));

const malformedCookie = fc
  .tuple(baseArb, malformedPercent, fc.stringMatching(/^[A-Za-z0-9]{0,8}$/), fc.boolean())
  .map(([b, bad, tail, withOther]) => {
    const s = ordinary({ ...b, via: 'cookie' }, 'malformed-cookie', null);
    const cookie = `${withOther ? 'other=%E0; ' : ''}tessera-token-{{PORT}}=${bad}${tail}`;
    return { ...s, headers: [...s.headers, ['Cookie', cookie]] as [string, string][] };
  });

const badHostArb = fc
  .tuple(
    baseArb,
    fc.oneof(
      fc.constantFrom(
        'evil.example:{{PORT}}',
        'evil.example',
        '127.0.0.1',
        'localhost',
        '[::1]:{{PORT}}',
        '127.0.0.1:1',
        '127.0.0.2:{{PORT}}',
        '127.0.0.1:{{PORT}}.evil.example',
        '127.0.0.1:{{PORT}}@evil.example',
        '0x7f.1:{{PORT}}',
        '',
      ),
      printable.map((p) => `${p}.example`),
    ),
    fc.constantFrom('foreign', 'duplicate', 'missing'),
  )
  .map(([b, h, how]) => {
    const s = ordinary(b, `bad-host-${how}`);
    const rest = s.headers.filter(([k]) => k !== 'Host');
    const headers: [string, string][] =
      how === 'foreign'
        ? [['Host', h], ...rest]
        : how === 'duplicate'
          ? [['Host', host], ['Host', h || 'evil.example'], ...rest]
          : rest;
    return { ...s, headers };
  });

const badOrigin = fc
  .tuple(
    baseArb,
    fc.oneof(
      fc.constantFrom(
        'null',
        'http://evil.example',
        'https://127.0.0.1:{{PORT}}',
        'http://127.0.0.1:{{PORT}}.evil',
        'http://127.0.0.1:{{PORT}}, http://evil.example',
        'file://',
        'http://localhost:1',
      ),
      printable,
    ),
  )
  .map(([b, o]) => {
    const s = ordinary(b, 'bad-origin');
    return { ...s, headers: [...s.headers, ['Origin', o]] as [string, string][] };
  });

const crossSite = baseArb.map((b) => {
  const s = ordinary(b, 'cross-site');
  return { ...s, headers: [...s.headers, ['Sec-Fetch-Site', 'cross-site']] as [string, string][] };
});

const badMethod = fc
  .tuple(
    baseArb,
    fc.oneof(
      fc.constantFrom(
        'TRACE',
        'PROPFIND',
        'DELETE',
        'PUT',
        'PATCH',
        'OPTIONS',
        'MKCOL',
        'LOCK',
        'CONNECT',
        'get',
        'Post',
        'G ET',
        'GET\u0000',
      ),
      fc.stringMatching(/^[A-Z]{8,40}$/),
      fc.integer({ min: 100, max: 6000 }).map((n) => 'A'.repeat(n)),
    ),
  )
  .map(([b, m]) => ({ ...ordinary(b, 'bad-method'), method: m }));

const wrongMethodForRoute = baseArb
  .filter((b) => b.route !== 'events-http' && b.route !== 'api-unknown')
  .map((b) => ({
    ...ordinary(b, 'wrong-method-for-route'),
    method: b.route === 'invoke' ? 'GET' : 'POST',
  }));

const hostileSegment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '%2e%2e',
    '%2E.',
    '.%2e',
    '%2e',
    '..%2f',
    '..%2F..%2Fsecret.txt',
    '%2f',
    'a%2fb',
    '%5c',
    '..%5c..%5csecret.txt',
    '%00',
    'a%00b',
    'index.html%00.js',
    '',
    '%0d%0aSet-Cookie:%20x=1',
    '%1f',
    '%7f',
  ),
  malformedPercent,
  fc.tuple(malformedPercent, fc.stringMatching(/^[a-z]{1,6}$/)).map(([m, s]) => `${s}${m}`),
);

const badPath = fc.tuple(baseArb, hostileSegment, fc.nat()).map(([b, seg, at]) => {
  const segs = b.path.slice(1).split('/');
  // An empty segment goes inside the path ('//'): at the end it is only a trailing slash.
  segs.splice(seg === '' ? at % segs.length : at % (segs.length + 1), 0, seg);
  return ordinary({ ...b, path: `/${segs.join('/')}` }, 'bad-path');
});

const wholeBadTarget = fc
  .tuple(
    baseArb,
    fc.oneof(
      fc.constantFrom(
        '*',
        'http://evil.example/',
        'http://127.0.0.1:{{PORT}}/../secret.txt',
        '//evil.example/index.html',
        '//127.0.0.1:{{PORT}}/',
        'index.html',
        '/a b',
        '/a\\..\\secret.txt',
        '/\u0000',
        '/caf\u00e9',
      ),
      fc.integer({ min: 8200, max: 15_000 }).map((n) => `/${'a'.repeat(n)}`),
    ),
  )
  .map(([b, t]) => ({
    ...ordinary(b, 'bad-target'),
    target: t.includes('?') || b.via !== 'query' ? t : `${t}?token={{TOKEN}}`,
  }));

const invokeBase = baseArb.filter((b) => b.route === 'invoke');

const badChannel = fc
  .tuple(
    invokeBase,
    fc.oneof(
      fc.constantFrom(
        '%E0',
        '',
        'fs:delete',
        '__proto__',
        'constructor',
        'hasOwnProperty',
        'toString',
        'templates:list%00',
        'templates%3alist%2f..',
        'TEMPLATES:LIST',
      ),
      printable.filter((c) => !channels.includes(c)).map(encodeURIComponent),
      printable.filter((c) => !channels.includes(c) && !/[?# ]/.test(c)),
    ),
  )
  .map(([b, c]) => ordinary({ ...b, path: `/api/invoke/${c}` }, 'bad-channel'));

const badBody = fc.tuple(invokeBase, hostileBody).map(([b, h]) => ({
  ...ordinary(b, `bad-body-${h.kind}`),
  body: h.body,
  contentLength: h.contentLength,
}));

const badHeaders = fc
  .tuple(
    baseArb,
    fc.oneof(
      fc
        .integer({ min: 17_000, max: 40_000 })
        .map((n): [string, string][] => [['X-Big', 'x'.repeat(n)]]),
      fc
        .integer({ min: 2100, max: 3000 })
        .map((n) => Array.from({ length: n }, (_, i): [string, string] => [`X-H${i}`, 'v'])),
      fc.constantFrom<[string, string][]>(
        [['Bad Header', 'x']],
        [['X-A\u0001', 'x']],
        [['', 'x']],
        [['X-Nul', 'a\u0000b']],
        [['X-Fold', 'a\r\n folded']],
        [
          ['Transfer-Encoding', 'chunked'],
          ['Content-Length', '2'],
        ],
        [['Transfer-Encoding', 'gzip, identity']],
        [['Transfer-Encoding', 'xchunked']],
        [['Expect', 'teapot']],
      ),
    ),
  )
  .map(([b, extra]) => {
    const s = ordinary(b, 'bad-headers');
    return { ...s, headers: [...s.headers, ...extra] };
  });

const garbage = fc
  .oneof(
    fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a).toString('latin1')),
    fc.constantFrom(
      'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
      'GET /\r\n',
      'GET / HTTP/9.9\r\nHost: 127.0.0.1:{{PORT}}\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: 127.0.0.1:{{PORT}}\r\nX-Tessera-Token: {{TOKEN}}',
      '\r\n\r\n\r\n',
      'GET / HTTP/1.1\nHost: 127.0.0.1:{{PORT}}\n\n',
      `POST /api/invoke/templates:list HTTP/1.1\r\nHost: 127.0.0.1:{{PORT}}\r\nX-Tessera-Token: {{TOKEN}}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    ),
  )
  .filter((g) => g.trim().length > 0)
  .map((g): HostileSpec => ({
    kind: 'garbage',
    route: 'static',
    method: '',
    target: '',
    headers: [],
    body: '',
    contentLength: null,
    garbage: g,
  }));

export const hostileRequestArb: fc.Arbitrary<HostileSpec> = fc.oneof(
  withNoise(noToken),
  withNoise(wrongTokenArb),
  withNoise(malformedCookie),
  withNoise(badHostArb),
  withNoise(badOrigin),
  crossSite,
  withNoise(badMethod),
  wrongMethodForRoute,
  { weight: 3, arbitrary: withNoise(badPath) },
  wholeBadTarget,
  { weight: 2, arbitrary: badChannel },
  { weight: 4, arbitrary: badBody },
  badHeaders,
  { weight: 2, arbitrary: garbage },
);

export const hostileCorpus = (seed: number, count: number): HostileSpec[] =>
  fc.sample(hostileRequestArb, { seed, numRuns: count });
