// The desktop shell: app:// protocol serving dist/web with a strict CSP, one secure window,
// IPC handlers over the shared app handlers, navigation and new windows locked down.
import * as nodePath from 'node:path';
import type * as Electron from 'electron';
import { createAppHandlers } from '../server/handlers/app-handlers';
import { electronFileChooser } from '../files/native-file-chooser';
import type { EnginePort } from '../server/handlers/engine-port';
import { defaultPaths, defaultProjectsDir } from '../server/paths';
import { readStatic } from '../server/static-files';
import { appHost, appOrigin, appScheme, electronCsp } from './csp';
import { registerIpcHandlers } from './ipc-handlers';
import { appMenuTemplate } from './app-menu';
import { mainWindowOptions } from './window-options';

export type ElectronModule = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'shell'
> &
  Partial<Pick<typeof Electron, 'Menu' | 'dialog'>>;

export interface DesktopOptions {
  /** Repository (or packaged app) root holding dist/web and templates/. */
  root: string;
  preloadPath: string;
  engine: EnginePort;
  appVersion: string;
}

/** Must run before the app is ready (bootstrap.cjs does the same, synchronously). */
export const registerAppScheme = (protocol: ElectronModule['protocol']): void => {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
};

export const serveApp = (protocol: ElectronModule['protocol'], staticDir: string): void => {
  protocol.handle(appScheme, async (request) => {
    const url = new URL(request.url);
    if (url.host !== appHost) return new Response('Not found', { status: 404 });
    const file = await readStatic(staticDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    const headers: Record<string, string> = {
      'content-type': file.type,
      'x-content-type-options': 'nosniff',
    };
    if (file.type.startsWith('text/html')) headers['content-security-policy'] = electronCsp;
    return new Response(new Uint8Array(file.body), { status: 200, headers });
  });
};

export const lockDown = (contents: Electron.WebContents, shell: ElectronModule['shell']): void => {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
};

export const startDesktop = async (
  electron: ElectronModule,
  o: DesktopOptions,
): Promise<Electron.BrowserWindow> => {
  const { app, BrowserWindow, ipcMain, protocol, shell } = electron;
  await app.whenReady();
  const paths = defaultPaths(o.root, defaultProjectsDir(process.env, app.getPath('documents')));
  serveApp(protocol, nodePath.join(o.root, 'dist', 'web'));
  const win = new BrowserWindow(mainWindowOptions(o.preloadPath));
  lockDown(win.webContents, shell);
  const handlers = createAppHandlers({
    engine: o.engine,
    shell: 'electron',
    appVersion: o.appVersion,
    ...paths,
    recentFile: nodePath.join(app.getPath('userData'), 'recent.json'),
    workspaceFile: nodePath.join(app.getPath('userData'), 'workspace.json'),
    // Paths outside the projects folder come only from the main process's own dialogs.
    chooseFile: electron.dialog
      ? electronFileChooser(electron.dialog, () => (win.isDestroyed() ? undefined : win))
      : async () => undefined,
    emit: (event, payload) => {
      if (!win.isDestroyed()) win.webContents.send(event, payload);
    },
  });
  const unregister = registerIpcHandlers(ipcMain, handlers.handlers);
  electron.Menu?.setApplicationMenu(
    electron.Menu.buildFromTemplate(
      appMenuTemplate((command) => {
        if (!win.isDestroyed()) win.webContents.send('menu:command', command);
      }, process.platform === 'darwin'),
    ),
  );
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    unregister();
    void handlers.stopAll();
  });
  app.on('window-all-closed', () => app.quit());
  // #start: the VQ-VAE template on a first start; later starts reopen the last project instead.
  await win.loadURL(`${appOrigin}/index.html#start=vq-vae`);
  return win;
};
