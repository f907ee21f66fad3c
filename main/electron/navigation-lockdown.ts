// Navigation, new windows and webview tags locked down for every webContents (Electron's
// checklist items 11-15): the page may navigate only within app://tessera, a new window is
// never created (an allowlisted paper link opens in the system browser instead), and a
// webview tag is never attached.
import type * as Electron from 'electron';
import { appOrigin } from './csp';
import { isAllowedExternalUrl } from './external-links';

type PreventableEvent = Pick<Electron.Event, 'preventDefault'>;

/** app://tessera/... (parsed: URL.origin is 'null' for a custom scheme, so scheme and host). */
export const isAppUrl = (url: string): boolean => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}` === appOrigin;
  } catch {
    return false;
  }
};

/** will-navigate and will-frame-navigate: anywhere outside the app's origin is refused. */
export const navigationGuard =
  () =>
  (event: PreventableEvent, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };

/** setWindowOpenHandler: every window.open and target=_blank is denied. */
export const windowOpenGuard =
  (openExternal: (url: string) => Promise<void>, hosts: ReadonlySet<string>) =>
  ({ url }: { url: string }): { action: 'deny' } => {
    if (isAllowedExternalUrl(url, hosts)) void openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  };

/** will-attach-webview: the app has no webview tag; one a page creates is never attached. */
export const webviewGuard =
  () =>
  (event: PreventableEvent): void => {
    event.preventDefault();
  };

/** What the lock-down needs of a webContents (Electron's, or a test's stand-in). */
export interface LockableContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: PreventableEvent, url: string) => void,
  ): unknown;
  on(
    event: 'will-frame-navigate',
    listener: (event: PreventableEvent & { url: string }) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
}

export const lockDown = (
  contents: LockableContents,
  openExternal: (url: string) => Promise<void>,
  hosts: ReadonlySet<string>,
): void => {
  const guard = navigationGuard();
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', (event: PreventableEvent & { url: string }) =>
    guard(event, event.url),
  );
  contents.on('will-redirect', guard);
  contents.setWindowOpenHandler(windowOpenGuard(openExternal, hosts));
  contents.on('will-attach-webview', webviewGuard());
};
