// The web shell's front door: exact Host allowlist, Origin check and a per-launch token,
// applied to every HTTP request and WebSocket upgrade.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const newToken = (): string => randomBytes(24).toString('base64url');

export interface GuardConfig {
  port: number;
  token: string;
}

export type GuardVerdict =
  | { ok: true; via: 'query' | 'header' | 'cookie' }
  | { ok: false; status: 401 | 403; reason: string };

export const allowedHosts = (port: number): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
export const allowedOrigins = (port: number): string[] =>
  allowedHosts(port).map((h) => `http://${h}`);
/** Cookies are not scoped by port, so the name carries it. */
export const tokenCookieName = (port: number): string => `tessera-token-${port}`;

const sameToken = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

const cookieValue = (header: string | undefined, name: string): string | undefined => {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name)
      return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
};

export const checkRequest = (req: IncomingMessage, cfg: GuardConfig): GuardVerdict => {
  const host = req.headers.host;
  if (!host || !allowedHosts(cfg.port).includes(host))
    return {
      ok: false,
      status: 403,
      reason: `Host ${host ?? '(none)'} is not allowed; open http://127.0.0.1:${cfg.port}/.`,
    };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(cfg.port).includes(origin))
    return { ok: false, status: 403, reason: `Origin ${origin} is not allowed.` };
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site')
    return { ok: false, status: 403, reason: 'Cross-site requests are refused.' };
  const url = new URL(req.url ?? '/', `http://${host}`);
  const q = url.searchParams.get('token');
  if (q !== null && sameToken(q, cfg.token)) return { ok: true, via: 'query' };
  const h = req.headers['x-tessera-token'];
  if (typeof h === 'string' && sameToken(h, cfg.token)) return { ok: true, via: 'header' };
  const c = cookieValue(req.headers.cookie, tokenCookieName(cfg.port));
  if (c !== undefined && sameToken(c, cfg.token)) return { ok: true, via: 'cookie' };
  return {
    ok: false,
    status: 401,
    reason:
      'Missing or wrong token: open the URL that `tessera web` printed (it carries the token).',
  };
};
