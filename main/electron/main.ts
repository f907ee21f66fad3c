// The desktop shell's main process (loaded by bootstrap.cjs after the app:// scheme is registered).
// Default import: the module object under both Electron's ESM loader and CommonJS interop.
import electron from 'electron';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngineAdapter } from '../server/handlers/engine-adapter';
import { startDesktop } from './desktop-app';

const here = nodePath.dirname(fileURLToPath(import.meta.url));
const root = nodePath.resolve(here, '..', '..');

void startDesktop(electron, {
  root,
  preloadPath: nodePath.join(root, 'dist', 'main', 'electron', 'preload.cjs'),
  engine: createEngineAdapter(),
  appVersion: electron.app.getVersion(),
}).catch((e: unknown) => {
  console.error(e);
  electron.app.exit(1);
});
