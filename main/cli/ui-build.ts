// Whether the built UI (dist/web) is older than what it is built from: the renderer's sources,
// what it bundles from core/ and nodes/, the Vite config and package-lock.json. `npm start`
// rebuilds only then (or with --rebuild), so a second start does not wait for Vite.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';

export const BUILD_STAMP = '.build-stamp';

/** The folders and files the UI bundle is made from (relative to the repo root). */
export const uiInputs = ['renderer', 'core', 'nodes', 'package-lock.json'];

const isTest = (name: string) => /\.test\.[cm]?[jt]sx?$/.test(name);

/** The newest modification time (ms) under `path`, skipping tests and node_modules. */
export const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.') || isTest(e.name)) continue;
    newest = Math.max(newest, newestMtime(nodePath.join(path, e.name)));
  }
  return newest;
};

/** When dist/web was last built: its stamp, or its index.html (a plain `npm run build:web`). */
export const builtAt = (webDir: string): number => {
  const times = [BUILD_STAMP, 'index.html']
    .map((f) => nodePath.join(webDir, f))
    .filter((f) => existsSync(f))
    .map((f) => statSync(f).mtimeMs);
  return times.length ? Math.max(...times) : 0;
};

export type UiBuildState = { current: true } | { current: false; reason: string };

export const uiBuildState = (root: string): UiBuildState => {
  const webDir = nodePath.join(root, 'dist', 'web');
  if (!existsSync(nodePath.join(webDir, 'index.html')))
    return { current: false, reason: 'not built yet' };
  const built = builtAt(webDir);
  for (const input of uiInputs) {
    const t = newestMtime(nodePath.join(root, input));
    if (t > built) return { current: false, reason: `${input} changed since the last build` };
  }
  return { current: true };
};

export const writeBuildStamp = (webDir: string): void =>
  writeFileSync(nodePath.join(webDir, BUILD_STAMP), `${new Date().toISOString()}\n`);
