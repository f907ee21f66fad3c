// The desktop shell: app:// protocol serving dist/web with a strict CSP, one secure window,
// IPC handlers over the shared app handlers; every webContents locked down (navigation, new
// windows, webview tags) and every permission request denied. docs/electron-security.md maps
// Electron's security checklist to this code.
import * as nodePath from 'node:path';
import type * as Electron from 'electron';
import { createAppHandlers } from '../server/handlers/app-handlers';
import { electronFileChooser } from '../files/native-file-chooser';
import { electronDatasetChooser } from '../files/native-dataset-chooser';
import type { EnginePort } from '../server/handlers/engine-port';
import { defaultPaths, defaultProjectsDir } from '../server/paths';
import { appOrigin } from './csp';
import { serveApp } from './app-protocol';
import { paperLinkHosts } from './external-links';
import { lockDown } from './navigation-lockdown';
import { denyAllPermissions } from './permissions';
import { registerIpcHandlers } from './ipc-handlers';
import { appMenuTemplate } from './app-menu';
import { mainWindowOptions } from './window-options';

export type ElectronModule = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session' | 'shell'
> &
  Partial<Pick<typeof Electron, 'Menu' | 'dialog'>>;

export interface DesktopOptions {
  /** Repository (or packaged app) root holding dist/web and templates/. */
  root: string;
  preloadPath: string;
  engine: EnginePort;
  appVersion: string;
}

export const startDesktop = async (
  electron: ElectronModule,
  o: DesktopOptions,
): Promise<Electron.BrowserWindow> => {
  const { app, BrowserWindow, ipcMain, protocol, session, shell } = electron;
  // Every webContents the app ever creates (the window's, and any a page manages to make).
  const hosts = paperLinkHosts();
  app.on('web-contents-created', (_event, contents) => {
    lockDown(contents, (url) => shell.openExternal(url), hosts);
    denyAllPermissions(contents.session);
  });
  await app.whenReady();
  denyAllPermissions(session.defaultSession);
  const paths = defaultPaths(o.root, defaultProjectsDir(process.env, app.getPath('documents')));
  serveApp(protocol, nodePath.join(o.root, 'dist', 'web'));
  const win = new BrowserWindow(mainWindowOptions(o.preloadPath));
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
    chooseDataset: electron.dialog
      ? electronDatasetChooser(electron.dialog, () => (win.isDestroyed() ? undefined : win))
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
