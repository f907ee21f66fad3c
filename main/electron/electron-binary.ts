// Finds the Electron binary that `npm run electron:install` downloads (absent where there is no internet).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const electronBinary = (): string | undefined => {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : undefined;
  } catch {
    return undefined;
  }
};
