// Electron's entry (bundled to dist/main/electron/main.cjs by build-electron.ts).
import * as electron from 'electron';
import * as nodePath from 'node:path';
import { createEngineAdapter } from '../server/handlers/engine-adapter';
import { registerAppScheme, startDesktop } from './desktop-app';

const root = nodePath.resolve(__dirname, '..', '..', '..');
registerAppScheme(electron.protocol);
void startDesktop(electron, {
  root,
  preloadPath: nodePath.join(__dirname, 'preload.cjs'),
  engine: createEngineAdapter(),
  appVersion: electron.app.getVersion(),
}).catch((e: unknown) => {
  console.error(e);
  electron.app.exit(1);
});
