// Serves the built UI (dist/web) without leaving its folder.
import { promises as fs } from 'node:fs';
import * as nodePath from 'node:path';

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

export const readStatic = async (
  root: string,
  urlPath: string,
): Promise<StaticFile | undefined> => {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (rel === '/' || rel === '') rel = '/index.html';
  const abs = nodePath.resolve(root, `.${rel}`);
  if (abs !== root && !abs.startsWith(root + nodePath.sep)) return undefined;
  try {
    const body = await fs.readFile(abs);
    return { body, type: types[nodePath.extname(abs)] ?? 'application/octet-stream' };
  } catch {
    return undefined;
  }
};
