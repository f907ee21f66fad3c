// The studio's Content Security Policy, one definition for both shells: only the app's own
// scripts, no eval, no remote loads. `connectSources` adds what the shell's bridge needs
// (the web shell's WebSocket on 127.0.0.1).
export const contentSecurityPolicy = (connectSources: readonly string[] = []): string =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    ["connect-src 'self'", ...connectSources].join(' '),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
