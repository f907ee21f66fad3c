// Serves the built UI (dist/web) without leaving its folder: the URL path's segments must decode
// (safely) to plain names, never '.', '..', a slash, backslash or NUL, and the file found, with
// symlinks resolved, must lie inside the folder, also resolved, and be a regular file.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';
import { safeDecodeURIComponent } from './safe-decode';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

export interface StaticFile {
  body: Buffer;
  type: string;
}

// eslint-disable-next-line no-control-regex
const badName = /[\u0000-\u001f\u007f/\\]/;

/** The file's path relative to the UI folder, or undefined for a path that could leave it. */
export const staticRelativePath = (urlPath: string): string | undefined => {
  if (!urlPath.startsWith('/')) return undefined;
  if (urlPath === '/') return 'index.html';
  const names: string[] = [];
  for (const seg of urlPath.slice(1).split('/')) {
    const name = safeDecodeURIComponent(seg);
    if (name === undefined || name === '' || name === '.' || name === '..' || badName.test(name))
      return undefined;
    names.push(name);
  }
  return names.join('/');
};

const inside = (root: string, abs: string): boolean =>
  abs === root || abs.startsWith(root + nodePath.sep);

export const readStatic = async (
  root: string,
  urlPath: string,
): Promise<StaticFile | undefined> => {
  const rel = staticRelativePath(urlPath);
  if (rel === undefined) return undefined;
  const abs = nodePath.resolve(root, rel);
  if (!inside(nodePath.resolve(root), abs)) return undefined;
  try {
    const [real, realRoot] = await Promise.all([fs.realpath(abs), fs.realpath(root)]);
    if (!inside(realRoot, real)) return undefined;
    if (!(await fs.stat(real)).isFile()) return undefined;
    const body = await fs.readFile(real);
    return { body, type: types[nodePath.extname(real)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
};
