import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readStatic, staticRelativePath } from './static-files';

describe('staticRelativePath', () => {
  it('maps URL paths to names inside the UI folder', () => {
    expect(staticRelativePath('/')).toBe('index.html');
    expect(staticRelativePath('/assets/app%20x.js')).toBe('assets/app x.js');
  });
  it('refuses anything that could leave it or that does not decode', () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/%2e%2e%5csecret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/assets//app.js',
      'index.html',
    ])
      expect(staticRelativePath(p), p).toBeUndefined();
  });
});

describe('readStatic', () => {
  let root: string;
  let ui: string;
  beforeAll(() => {
    root = mkdtempSync(nodePath.join(tmpdir(), 'tessera-static-'));
    ui = nodePath.join(root, 'web');
    mkdirSync(nodePath.join(ui, 'assets'), { recursive: true });
    writeFileSync(nodePath.join(ui, 'index.html'), '<title>ui</title>');
    writeFileSync(nodePath.join(ui, 'assets', 'app.js'), 'app');
    writeFileSync(nodePath.join(root, 'secret.txt'), 'secret');
    writeFileSync(nodePath.join(root, 'web-evil.txt'), 'sibling');
    symlinkSync(nodePath.join(root, 'secret.txt'), nodePath.join(ui, 'assets', 'link.js'));
    symlinkSync(root, nodePath.join(ui, 'up'));
  });

  it('serves files of the UI folder with their type', async () => {
    expect(await readStatic(ui, '/')).toEqual({
      body: Buffer.from('<title>ui</title>'),
      type: 'text/html; charset=utf-8',
    });
    expect((await readStatic(ui, '/assets/app.js'))?.type).toBe('text/javascript; charset=utf-8');
  });

  it('never serves a file outside it: traversal, symlinks out, a sibling folder, directories', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
      '/assets/link.js',
      '/up/secret.txt',
      '/../web-evil.txt',
      '/assets',
      '/assets/',
      '/missing.js',
    ])
      expect(await readStatic(ui, p), p).toBeUndefined();
  });
});
