/// <reference types="node" />
// A small end-to-end harness: the web shell on a random free port, a Chromium through
// playwright-core (find-browser.ts: $TESSERA_CHROMIUM, Debian's, or npm's; never a download),
// named journeys, screenshots on failure.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { launchWeb, type LaunchedWeb } from '../../main/server/launch-web';
import { findChromium, type FoundBrowser } from './find-browser';
import type { EnginePort } from '../../main/server/handlers/engine-port';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface Env {
  web: LaunchedWeb;
  browser: Browser;
  /** The Chromium in use and where it came from. */
  chromium: FoundBrowser;
  projectsDir: string;
  screenshotsDir: string;
  outDir: string;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export const startEnv = async (o: {
  engine?: EnginePort;
  screenshotsDir: string;
  outDir: string;
}): Promise<Env> => {
  const projectsDir = mkdtempSync(nodePath.join(tmpdir(), 'tessera-e2e-'));
  process.env.TESSERA_RECENT_FILE = nodePath.join(projectsDir, '.recent.json');
  mkdirSync(o.screenshotsDir, { recursive: true });
  mkdirSync(o.outDir, { recursive: true });
  const web = await launchWeb({
    port: 0,
    paths: {
      projectsDir,
      runsDir: nodePath.join(projectsDir, 'runs'),
      recentFile: nodePath.join(projectsDir, '.recent.json'),
    },
    engine: o.engine,
  });
  const found = await findChromium();
  const browser = await chromium.launch({
    executablePath: found.executablePath,
    args: chromiumArgs,
    headless: true,
  });
  return {
    web,
    browser,
    chromium: found,
    projectsDir,
    screenshotsDir: o.screenshotsDir,
    outDir: o.outDir,
    newPage: async () => {
      const ctx = await browser.newContext({ viewport: { width: 1680, height: 1000 } });
      const page = await ctx.newPage();
      page.on('dialog', (d) => void d.accept(d.type() === 'prompt' ? d.defaultValue() : undefined));
      page.on('pageerror', (e) => console.error(`  [page error] ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') console.error(`  [console] ${m.text()}`);
      });
      await page.goto(web.server.url);
      await page.waitForSelector('.react-flow');
      return page;
    },
    close: async () => {
      await browser.close();
      await web.close();
    },
  };
};

export class Check extends Error {}

export const expectThat = (cond: boolean, message: string): void => {
  if (!cond) throw new Check(message);
};

/** Polls `read` until `ok` holds (or fails with the last value). */
export const waitFor = async <T>(
  what: string,
  read: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> => {
  const t0 = Date.now();
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() - t0 > timeoutMs)
      throw new Check(`Timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
};
