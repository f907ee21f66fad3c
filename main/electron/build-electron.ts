// Prepares dist/main/electron: the sandboxed preload bundled whole to CommonJS (a sandboxed
// preload can only require 'electron'), and main.cjs, a bootstrap that runs the TypeScript
// sources of the main process through tsx (as the CLI and the training worker do).
import { copyFile, mkdir } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { build } from 'vite';
import { repoRoot } from '../server/paths';

export const buildElectron = async (root = repoRoot()): Promise<string> => {
  const outDir = nodePath.join(root, 'dist', 'main', 'electron');
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      minify: false,
      target: 'node20',
      rollupOptions: {
        input: { preload: nodePath.join(root, 'main', 'electron', 'preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  });
  await mkdir(outDir, { recursive: true });
  await copyFile(
    nodePath.join(root, 'main', 'electron', 'bootstrap.cjs'),
    nodePath.join(outDir, 'main.cjs'),
  );
  return outDir;
};
