// The app:// scheme (Electron's checklist item 18: a custom protocol instead of file://). It
// serves only dist/web of app://tessera (anything else, or a path that leaves that folder, is a
// 404), HTML with the studio's CSP. Its privileges are the fewest the UI needs: a standard,
// secure origin with fetch; it does not bypass the CSP, nor allow CORS, service workers or streams.
import type * as Electron from 'electron';
import { readStatic } from '../server/static-files';
import { appHost, appScheme, electronCsp } from './csp';

/** The same list bootstrap.cjs registers (it must do so synchronously, before 'ready'). */
export const appSchemePrivileges: Electron.CustomScheme[] = [
  { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

/** Must run before the app is ready. */
export const registerAppScheme = (
  protocol: Pick<Electron.Protocol, 'registerSchemesAsPrivileged'>,
): void => {
  protocol.registerSchemesAsPrivileged(appSchemePrivileges);
};

/** What app:// answers: the file under staticDir, or a 404. */
export const appProtocolHandler =
  (staticDir: string) =>
  async (request: Pick<Request, 'url'>): Promise<Response> => {
    const url = new URL(request.url);
    if (url.protocol !== `${appScheme}:` || url.host !== appHost)
      return new Response('Not found', { status: 404 });
    const file = await readStatic(staticDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    const headers: Record<string, string> = {
      'content-type': file.type,
      'x-content-type-options': 'nosniff',
    };
    if (file.type.startsWith('text/html')) headers['content-security-policy'] = electronCsp;
    return new Response(new Uint8Array(file.body), { status: 200, headers });
  };

export const serveApp = (protocol: Pick<Electron.Protocol, 'handle'>, staticDir: string): void => {
  protocol.handle(appScheme, appProtocolHandler(staticDir));
};
