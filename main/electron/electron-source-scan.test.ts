import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { repoRoot } from '../server/paths';
import { confinedApis, insecurePatterns, scanSource } from './testing/insecure-patterns';

// The shipped code (what electron-builder.yml packages: main/, core/, nodes/, and the UI built
// from renderer/), without tests and test helpers.
const shippedDirs = ['main', 'core', 'nodes', 'renderer'];
const sourceFile = /\.(ts|tsx|cjs|mjs|html)$/;
const left = (rel: string): boolean =>
  /\.test\.tsx?$/.test(rel) || rel.split('/').some((s) => s === 'testing' || s === 'node_modules');

const shippedSources = (): string[] => {
  const root = repoRoot();
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(nodePath.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${e.name}`;
      if (left(rel)) continue;
      if (e.isDirectory()) walk(rel);
      else if (sourceFile.test(e.name)) out.push(rel);
    }
  };
  for (const d of shippedDirs) walk(d);
  return out.sort();
};

describe('the shipped sources switch on nothing the Electron checklist warns about', () => {
  it('no insecure setting, <webview>, file:// page or http load; guarded APIs only where they are wrapped', () => {
    const files = shippedSources();
    expect(files.length).toBeGreaterThan(200);
    expect(files).toContain('main/electron/desktop-app.ts');
    expect(files).toContain('renderer/index.html');
    const findings = files.flatMap((f) =>
      scanSource(f, readFileSync(nodePath.join(repoRoot(), f), 'utf8')),
    );
    expect(findings).toEqual([]);
  });

  it('the wrapped APIs are where the scan expects them (the scan looks at the right files)', () => {
    const root = repoRoot();
    for (const c of confinedApis) {
      const hits = c.onlyIn.filter((f) => c.api.test(readFileSync(nodePath.join(root, f), 'utf8')));
      expect(hits.length, c.api.source).toBeGreaterThan(0);
    }
  });

  it('the scan finds each pattern in a planted line, and a guarded API outside its file', () => {
    const planted = [
      "win.loadURL('http://example.com')",
      'webPreferences: { nodeIntegration: true }',
      'contextIsolation: false,',
      'sandbox: false,',
      'webSecurity: false,',
      '{ scheme: "x", privileges: { bypassCSP: true } }',
      'allowRunningInsecureContent: true,',
      'experimentalFeatures: true,',
      "enableBlinkFeatures: 'CSSVariables'",
      '<webview src="https://example.com" allowpopups></webview>',
      "win.loadFile('index.html')",
    ];
    const items = planted.map((line) => scanSource('main/x.ts', line).map((f) => f.item));
    expect(items).toEqual([[1], [2], [3], [4], [6], [7], [8], [9], [10], [11], [18]]);
    expect(new Set(insecurePatterns.map((p) => p.item)).size).toBe(planted.length);
    expect(scanSource('main/x.ts', 'new BrowserWindow({})').map((f) => f.item)).toEqual([2]);
    expect(scanSource('main/x.ts', "ipcMain.on('x', h)").map((f) => f.item)).toEqual([17]);
    expect(scanSource('renderer/x.ts', "contextBridge.exposeInMainWorld('x', {})")).toHaveLength(1);
    expect(
      scanSource('main/electron/preload.ts', "contextBridge.exposeInMainWorld('x', {})"),
    ).toEqual([]);
  });
});
