// The web shell's front door: exact Host allowlist, Origin check and a per-launch token,
// applied to every HTTP request and WebSocket upgrade. Nothing here throws on what a client
// sends: a malformed cookie or query value is simply not the token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { quoteForMessage, safeDecodeURIComponent } from './safe-decode';

export const newToken = (): string => randomBytes(24).toString('base64url');

export interface GuardConfig {
  port: number;
  token: string;
}

export type GuardVerdict =
  | { ok: true; via: 'query' | 'header' | 'cookie' }
  | { ok: false; status: 400 | 401 | 403 | 431; reason: string };

/** A browser sends about 20; Node drops headers silently past its own count, so refuse first. */
export const maxHeaderCount = 100;

export const allowedHosts = (port: number): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
export const allowedOrigins = (port: number): string[] =>
  allowedHosts(port).map((h) => `http://${h}`);
/** Cookies are not scoped by port, so the name carries it. */
export const tokenCookieName = (port: number): string => `tessera-token-${port}`;

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time in the candidate's content and length: both sides are hashed to 32 bytes first. */
export const sameToken = (candidate: string, token: string): boolean =>
  timingSafeEqual(digest(candidate), digest(token));

/** Every value of the cookie `name` in a Cookie header, decoded; malformed encodings are skipped. */
export const cookieValues = (header: string | undefined, name: string): string[] => {
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || part.slice(0, eq).trim() !== name) continue;
    const value = safeDecodeURIComponent(part.slice(eq + 1).trim());
    if (value !== undefined) values.push(value);
  }
  return values;
};

/** How many times a header came in the raw request (Node keeps only the first Host). */
const headerCount = (req: IncomingMessage, name: string): number => {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    if (req.rawHeaders[i]?.toLowerCase() === name) n += 1;
  return n;
};

const queryOf = (url: string | undefined): URLSearchParams => {
  const q = url?.indexOf('?') ?? -1;
  return new URLSearchParams(q < 0 || !url ? '' : url.slice(q + 1));
};

/**
 * query: the request's parsed query (request-target.ts); taken from req.url when not given.
 */
export const checkRequest = (
  req: IncomingMessage,
  cfg: GuardConfig,
  query: URLSearchParams = queryOf(req.url),
): GuardVerdict => {
  const headers = req.rawHeaders.length / 2;
  if (headers > maxHeaderCount)
    return {
      ok: false,
      status: 431,
      reason: `The request has ${headers} headers; the most is ${maxHeaderCount}.`,
    };
  // Node's parser refuses these too, but only once it reaches the body, after an answer may
  // have gone out; refuse before answering anything.
  const te = req.headers['transfer-encoding'];
  if (te !== undefined && te.trim().toLowerCase() !== 'chunked')
    return {
      ok: false,
      status: 400,
      reason: `Transfer-Encoding ${quoteForMessage(te)} is not accepted; send a Content-Length or chunked.`,
    };
  if (headerCount(req, 'host') > 1)
    return { ok: false, status: 400, reason: 'The request has more than one Host header.' };
  const host = req.headers.host;
  if (host === undefined)
    return { ok: false, status: 400, reason: 'The request has no Host header.' };
  if (!allowedHosts(cfg.port).includes(host))
    return {
      ok: false,
      status: 403,
      reason: `Host ${quoteForMessage(host)} is not allowed; open http://127.0.0.1:${cfg.port}/.`,
    };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(cfg.port).includes(origin))
    return { ok: false, status: 403, reason: `Origin ${quoteForMessage(origin)} is not allowed.` };
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site')
    return { ok: false, status: 403, reason: 'Cross-site requests are refused.' };
  const q = query.get('token');
  if (q !== null && sameToken(q, cfg.token)) return { ok: true, via: 'query' };
  const h = req.headers['x-tessera-token'];
  if (typeof h === 'string' && sameToken(h, cfg.token)) return { ok: true, via: 'header' };
  const cookies = cookieValues(req.headers.cookie, tokenCookieName(cfg.port));
  if (cookies.some((c) => sameToken(c, cfg.token))) return { ok: true, via: 'cookie' };
  return {
    ok: false,
    status: 401,
    reason:
      'Missing or wrong token: open the URL that `tessera web` printed (it carries the token).',
  };
};
