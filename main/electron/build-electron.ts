// Bundles the Electron main process and the sandboxed preload to CommonJS in dist/main/electron
// (a sandboxed preload can only require 'electron', so it is bundled whole).
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { build } from 'vite';
import { repoRoot } from '../server/paths';

export const buildElectron = async (root = repoRoot()): Promise<string> => {
  const pkg = JSON.parse(readFileSync(nodePath.join(root, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
  const deps = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.optionalDependencies ?? {})];
  const builtins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
  const outDir = nodePath.join(root, 'dist', 'main', 'electron');
  const one = (entry: string, name: string, external: (string | RegExp)[], emptyOutDir: boolean) =>
    build({
      configFile: false,
      logLevel: 'warn',
      root,
      build: {
        ssr: true,
        outDir,
        emptyOutDir,
        minify: false,
        target: 'node20',
        rollupOptions: {
          input: { [name]: nodePath.join(root, entry) },
          external,
          output: { format: 'cjs', entryFileNames: '[name].cjs' },
        },
      },
    });
  await one('main/electron/preload.ts', 'preload', ['electron'], true);
  await one('main/electron/main.ts', 'main', ['electron', ...builtins, ...deps.flatMap((d) => [d, new RegExp(`^${d}/`)])], false);
  return outDir;
};
