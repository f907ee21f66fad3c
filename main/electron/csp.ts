// The desktop shell's Content Security Policy: only the app's own scripts, no eval, no remote loads.
export const appScheme = 'app';
export const appHost = 'tessera';
export const appOrigin = `${appScheme}://${appHost}`;

export const electronCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
