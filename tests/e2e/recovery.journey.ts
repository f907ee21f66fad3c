/// <reference types="node" />
// Crash recovery, as a person meets it: edit a template in `tessera web`, the shell is killed
// (SIGKILL, no chance to save anything), `tessera web` starts again; the studio offers the
// unsaved changes back in a strip above the canvas that covers no canvas control, Restore brings
// the edit back marked unsaved, and no project file was written by any of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expectThat, waitFor } from './harness';
import { shot, type Journey } from './journey';
import { edgeLabels, node, selectNode, setParam } from './ui';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** `tessera web` as a user starts it, in its own process; resolves with the URL it prints. */
const startTesseraWeb = (home: string): Promise<{ child: ChildProcess; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['main/cli/bin.mjs', 'web', '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        TESSERA_PROJECTS_DIR: nodePath.join(home, 'projects'),
        TESSERA_RECENT_FILE: nodePath.join(home, 'config', 'recent.json'),
        TESSERA_WORKSPACE_FILE: nodePath.join(home, 'config', 'workspace.json'),
      },
    });
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`tessera web printed no URL: ${out}${err}`)),
      60_000,
    );
    child.stderr!.on('data', (d: Buffer) => (err += String(d)));
    child.once('exit', (code) => reject(new Error(`tessera web exited (${code}): ${err}`)));
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out)?.[0];
      if (url) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ child, url });
      }
    });
  });

const sigkill = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The canvas's own controls (and the toolbar) that are on screen, by name, with their boxes. */
const controlSelectors = {
  'zoom controls': '.react-flow__controls',
  minimap: '.react-flow__minimap',
  legends: '.legends',
  'cost line': '.cost-status',
  breadcrumb: '.breadcrumb',
  toolbar: '.toolbar',
} as const;
const canvasControls = async (page: Page): Promise<(Box & { name: string })[]> => {
  const out: (Box & { name: string })[] = [];
  for (const [name, selector] of Object.entries(controlSelectors))
    for (const b of await page.locator(selector).evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    ))
      if (b.width > 0 && b.height > 0) out.push({ name, ...b });
  return out;
};

export const recoveryAfterKill: Journey = {
  name: 'recovery: tessera web killed with SIGKILL, restarted, offers the unsaved edit back; Restore shows it unsaved',
  run: async (env, _page, log) => {
    const home = mkdtempSync(nodePath.join(tmpdir(), 'tessera-e2e-recovery-'));
    mkdirSync(nodePath.join(home, 'projects'), { recursive: true });
    let shell = await startTesseraWeb(home);
    const ctx = await env.browser.newContext({
      viewport: { width: 1680, height: 1000 },
      locale: 'en-US',
    });
    try {
      const page = await ctx.newPage();
      page.on('dialog', (d) => void d.accept());
      await page.goto(`${shell.url}#template=conv-autoencoder`);
      await page.waitForSelector('.react-flow__node[data-id="enc2"]', { timeout: 30_000 });
      await selectNode(page, 'enc2');
      await setParam(page, 'filters', '24');
      await page.locator('[data-testid="dirty"]').waitFor();
      await waitFor(
        'the edit on the canvas',
        () => edgeLabels(page),
        (ls) => ls.some((l) => l.includes('7 x 7 x 24')),
      );
      // The journal has it within 2 s; then the shell dies without warning.
      await page.waitForTimeout(2500);
      await sigkill(shell.child);
      await page.close();
      log('edited enc2.filters 32 -> 24, waited 2.5 s, SIGKILLed tessera web');

      shell = await startTesseraWeb(home);
      const p2 = await ctx.newPage();
      p2.on('dialog', (d) => void d.accept());
      await p2.goto(shell.url);
      await p2.waitForSelector('.react-flow');
      const offer = p2.locator('[data-testid="recovery-offer"]');
      await offer.waitFor({ timeout: 20_000 });
      const text = (await p2.locator('[data-testid="recovery-text"]').textContent()) ?? '';
      expectThat(
        /^Recovered unsaved changes to "Conv autoencoder" \(untitled\) from (today|yesterday) at \d\d:\d\d$/.test(
          text,
        ),
        `the offer reads "${text}"`,
      );
      // Readable: on screen, at least 12 px, not covered by anything at its centre.
      const look = await p2.locator('[data-testid="recovery-text"]').evaluate((el) => {
        const r = el.getBoundingClientRect();
        const top = document.elementFromPoint(r.x + Math.min(r.width / 2, 40), r.y + r.height / 2);
        return {
          px: parseFloat(getComputedStyle(el).fontSize),
          box: { x: r.x, y: r.y, width: r.width, height: r.height },
          onTop: !!top && (top === el || el.contains(top)),
        };
      });
      expectThat(look.px >= 12, `the offer's text is ${look.px} px`);
      expectThat(look.onTop, 'the offer text is not covered by anything');
      expectThat(
        look.box.y >= 0 && look.box.y + look.box.height <= 1000 && look.box.width > 200,
        `the offer text is on screen: ${JSON.stringify(look.box)}`,
      );
      const strip = await p2.locator('[data-testid="recovery-offers"]').boundingBox();
      if (!strip) throw new Error('the recovery strip has no box');
      const controls = await canvasControls(p2);
      const covered = controls.filter((c) => c.name !== 'toolbar' && overlap(strip, c));
      expectThat(
        covered.length === 0,
        `the offer covers canvas controls: ${covered.map((c) => c.name).join(', ')}`,
      );
      expectThat(
        controls.some((c) => c.name === 'zoom controls'),
        'the canvas zoom controls are on screen beside the offer',
      );
      const toolbar = controls.find((c) => c.name === 'toolbar');
      expectThat(!!toolbar && !overlap(strip, toolbar), 'the offer is below the toolbar');
      await shot(env, p2, 'recovery-offer.png');

      await offer.getByRole('button', { name: 'Restore' }).click();
      await p2.locator('[data-testid="dirty"]').waitFor();
      const name = (await p2.locator('[data-testid="doc-name"]').textContent()) ?? '';
      expectThat(
        name.includes('●') && name.includes('Conv autoencoder') && name.includes('(not saved)'),
        `restored, marked unsaved: "${name}"`,
      );
      await waitFor(
        'the restored edit on the canvas',
        () => edgeLabels(p2),
        (ls) => ls.some((l) => l.includes('7 x 7 x 24')),
      );
      await node(p2, 'enc2').waitFor();
      await selectNode(p2, 'enc2');
      const filters = await p2
        .locator('.inspector .param[data-param="filters"] input')
        .inputValue();
      expectThat(filters === '24', `enc2.filters after Restore: ${filters}`);
      expectThat(
        (await p2.locator('[data-testid="recovery-offers"]').count()) === 0,
        'the offer is gone after Restore',
      );
      const written = readdirSync(nodePath.join(home, 'projects')).filter((f) =>
        f.endsWith('.json'),
      );
      expectThat(written.length === 0, `no project file was written: ${written.join(', ')}`);
      log(
        `offer "${text}" (${look.px} px, clear of ${controls.length - 1} canvas controls); Restore: "${name.trim()}", enc2.filters ${filters}`,
      );
    } finally {
      await ctx.close();
      await sigkill(shell.child);
    }
  },
};
