// An exported program's package.json: the npm packages it imports, pinned to the versions the
// app itself runs, so `npm install && npx tsx model.ts` works in an empty folder. Written only
// where the folder has no package.json yet (never over a user's own).
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The packages an export imports at run time (tfjs-node stays optional, as in the app). */
const runtimePackages = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  'mnist',
  // The Image Folder dataset's decoders (the data provider ships with every export).
  'pngjs',
  'jpeg-js',
  'tsx',
] as const;
const optionalPackages = ['@tensorflow/tfjs-node'] as const;
const devPackages = ['typescript', '@types/node', '@types/pngjs'] as const;

const appManifest = (): {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
} => JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

const pick = (names: readonly string[], from: Record<string, string>): Record<string, string> =>
  Object.fromEntries(names.filter((n) => from[n] !== undefined).map((n) => [n, from[n] as string]));

export const exportPackageJson = (baseName: string): string => {
  const app = appManifest();
  const all = { ...app.devDependencies, ...app.optionalDependencies, ...app.dependencies };
  return `${JSON.stringify(
    {
      name:
        baseName
          .toLowerCase()
          .replace(/[^a-z0-9-]+/g, '-')
          .replace(/^-+|-+$/g, '') || 'tessera-export',
      private: true,
      type: 'module',
      description: 'A training program exported by Tessera.',
      scripts: { train: `tsx ${baseName}.ts`, check: `tsc -p ${baseName}.lib/tsconfig.json` },
      dependencies: pick(runtimePackages, all),
      optionalDependencies: pick(optionalPackages, all),
      devDependencies: pick(devPackages, all),
    },
    null,
    2,
  )}\n`;
};

/** Writes DIR/package.json unless one exists; returns its path when written. */
export const writeExportPackageJson = async (
  dir: string,
  baseName: string,
): Promise<string | undefined> => {
  const target = path.join(dir, 'package.json');
  if (existsSync(target)) return undefined;
  await writeFile(target, exportPackageJson(baseName));
  return target;
};
