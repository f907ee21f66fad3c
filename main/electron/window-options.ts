// BrowserWindow settings from Electron's security checklist (items 2-4, 6, 8-11; see
// docs/electron-security.md). No Blink features switched on: the studio needs none that are off by default.
import type { BrowserWindowConstructorOptions } from 'electron';

export const secureWebPreferences = (
  preloadPath: string,
): NonNullable<BrowserWindowConstructorOptions['webPreferences']> => ({
  preload: preloadPath,
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  // A file dropped on the window must not navigate it to file:// (the canvas handles drops).
  navigateOnDragDrop: false,
  spellcheck: false,
});

export const mainWindowOptions = (preloadPath: string): BrowserWindowConstructorOptions => ({
  width: 1440,
  height: 900,
  minWidth: 960,
  minHeight: 600,
  title: 'Tessera',
  backgroundColor: '#15181c',
  show: false,
  webPreferences: secureWebPreferences(preloadPath),
});
