/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS bootstrap */
// Electron's entry (copied to dist/main/electron/main.cjs by build-electron.ts). It registers
// the app:// scheme synchronously (Electron requires that before 'ready'), then lets Node run
// Tessera's TypeScript sources through tsx, as the CLI does, and loads main/electron/main.ts.
'use strict';
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { app, protocol } = require('electron');

// The same privileges as appSchemePrivileges in app-protocol.ts (bootstrap.test.ts checks it).
protocol.registerSchemesAsPrivileged([
  { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

const root = path.resolve(__dirname, '..', '..', '..');
const load = async () => {
  await import(pathToFileURL(path.join(root, 'main', 'runtime', 'register.mjs')).href);
  await import(pathToFileURL(path.join(root, 'main', 'electron', 'main.ts')).href);
};
load().catch((e) => {
  console.error(e);
  app.exit(1);
});
