// The desktop app in the real Electron binary (`npm run electron:install` downloads it; it cannot
// be downloaded here, so this file is skipped here and counted as skipped, never as passed, in
// docs/electron-security.md). What only the binary can show: the renderer really has no Node,
// Electron enforces the CSP, refuses navigation and new windows, and denies permissions.
import { describe, it, expect } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { _electron } from 'playwright-core';
import { repoRoot } from '../server/paths';
import { buildElectron } from './build-electron';
import { electronBinary } from './electron-binary';

const binary = electronBinary();

describe.skipIf(binary === undefined)('the desktop app in the Electron binary', () => {
  it('no Node in the page, the CSP enforced, navigation, new windows and permissions refused', async () => {
    expect(existsSync(nodePath.join(repoRoot(), 'dist', 'web', 'index.html'))).toBe(true);
    const out = await buildElectron();
    const home = mkdtempSync(nodePath.join(tmpdir(), 'tessera-electron-'));
    const app = await _electron.launch({
      executablePath: binary,
      args: [nodePath.join(out, 'main.cjs')],
      env: {
        ...process.env,
        TESSERA_PROJECTS_DIR: nodePath.join(home, 'projects'),
        TESSERA_RECENT_FILE: nodePath.join(home, 'recent.json'),
      },
    });
    try {
      const page = await app.firstWindow();
      await page.waitForSelector('.react-flow', { timeout: 60_000 });
      expect(page.url()).toMatch(/^app:\/\/tessera\/index\.html/);
      // DevTools' evaluation may run eval whatever the CSP, so eval is tried in a timer callback
      // after page.evaluate returns (no named helpers in here: tsx would wrap them in __name).
      await page.evaluate(() => {
        setTimeout(() => {
          const g = globalThis as Record<string, unknown>;
          try {
            g['__evalResult'] = `ran ${String(eval('1 + 1'))}`;
          } catch (e) {
            g['__evalResult'] = (e as Error).name;
          }
        }, 0);
      });
      await new Promise((r) => setTimeout(r, 200));
      const seen = await page.evaluate(async () => {
        // The page's globals, typed here (this file compiles without the DOM library).
        const g = globalThis as unknown as Record<string, unknown> & {
          Notification: { requestPermission(): Promise<string> };
          open(url: string): unknown;
          document: { createElement(tag: string): object };
        };
        let remote = 'fetched';
        try {
          await fetch('https://example.com/', { mode: 'no-cors' });
        } catch (e) {
          remote = (e as Error).name;
        }
        return {
          require: typeof g['require'],
          process: typeof g['process'],
          bridge: Object.keys(g['tessera'] as object).sort(),
          evalResult: String(g['__evalResult']),
          remote,
          notification: await g.Notification.requestPermission(),
          popup: g.open('https://evil.example/') === null,
          webview: typeof (g.document.createElement('webview') as { getURL?: unknown }).getURL,
        };
      });
      expect(seen).toEqual({
        require: 'undefined',
        process: 'undefined',
        bridge: ['invoke', 'on'],
        evalResult: 'EvalError',
        remote: 'TypeError',
        notification: 'denied',
        popup: true,
        webview: 'undefined',
      });
      await page.evaluate(() => {
        (globalThis as unknown as { location: { href: string } }).location.href =
          'https://evil.example/';
      });
      await new Promise((r) => setTimeout(r, 1000));
      expect(page.url()).toMatch(/^app:\/\/tessera\//);
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  }, 180_000);
});
