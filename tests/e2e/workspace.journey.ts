/// <reference types="node" />
// The workspace and the training display, as a person sees them: a reload and a restart reopen
// the last project, module and view; the Recent menu; training scalars with names and units,
// the stage line, the ETA frozen while paused and gone once done; the studio under the
// language tag `en-US@posix` (the npm Chromium's default), which once made Intl throw.
import { copyFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchWeb } from '../../main/server/launch-web';
import { expectThat, waitFor } from './harness';
import type { Journey } from './journey';
import { bottomTab, openFile, openTemplate, stableBox } from './ui';

const root = fileURLToPath(new URL('../../', import.meta.url));
const text = async (page: Page, testId: string) =>
  (await page.locator(`[data-testid="${testId}"]`).first().textContent()) ?? '';
const viewportTransform = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

export const workspaceReopens: Journey = {
  name: 'workspace: reload and restart reopen the last project, module and view; Recent menu',
  run: async (env, page, log) => {
    const file = nodePath.join(env.projectsDir, 'workspace-vqgan.tessera.json');
    copyFileSync(nodePath.join(root, 'templates', 'vqgan.json'), file);
    await openFile(page, file);
    await waitFor(
      'the project opened',
      () => text(page, 'doc-name'),
      (t) => t.includes(file),
    );
    // Into the decoder module, then pan and zoom the canvas.
    const head = await stableBox(page.locator('.react-flow__node[data-id="dec"] .tnode-head'));
    if (!head) throw new Error('the decoder instance is not visible');
    await page.mouse.dblclick(head.x + head.width / 2, head.y + head.height / 2);
    await page.locator('[data-testid="breadcrumb"]').waitFor();
    await page.waitForTimeout(400); // the canvas fits the module's view
    const pane = await page.locator('.react-flow__pane').boundingBox();
    if (!pane) throw new Error('no canvas');
    await page.mouse.move(pane.x + 40, pane.y + pane.height - 40);
    await page.mouse.down();
    await page.mouse.move(pane.x + 160, pane.y + pane.height - 100, { steps: 6 });
    await page.mouse.up();
    await page.waitForTimeout(700); // remembered after 300 ms
    const before = await viewportTransform(page);
    const crumb = await text(page, 'breadcrumb');

    await page.reload();
    await page.waitForSelector('.react-flow');
    await waitFor(
      'the project after a reload',
      () => text(page, 'doc-name'),
      (t) => t.includes(file),
    );
    await page.locator('[data-testid="breadcrumb"]').waitFor();
    await waitFor(
      'the view after a reload',
      () => viewportTransform(page),
      (t) => t === before,
    );
    log(`reload: ${file} reopened inside "${crumb.trim()}", viewport ${before}`);

    // Restart: a new web shell (new port: a new origin with empty localStorage), same user files.
    const web2 = await launchWeb({
      port: 0,
      paths: {
        projectsDir: env.projectsDir,
        runsDir: nodePath.join(env.projectsDir, 'runs'),
        recentFile: nodePath.join(env.projectsDir, '.recent.json'),
      },
    });
    const ctx = await env.browser.newContext({ viewport: { width: 1680, height: 1000 } });
    try {
      const p2 = await ctx.newPage();
      await p2.goto(`${web2.server.url}#start=vq-vae`);
      await p2.waitForSelector('.react-flow');
      await waitFor(
        'the project after a restart',
        () => text(p2, 'doc-name'),
        (t) => t.includes(file),
      );
      await p2.locator('[data-testid="breadcrumb"]').waitFor();
      await waitFor(
        'the view after a restart',
        () => viewportTransform(p2),
        (t) => t === before,
      );
      // The Recent menu lists it; one click reopens it.
      await p2.getByRole('button', { name: 'Recent ▾' }).click();
      const item = p2.getByRole('menu', { name: 'Recent projects' }).getByRole('menuitem').first();
      expectThat(
        (await item.textContent())?.trim() === nodePath.basename(file),
        `the Recent menu shows ${nodePath.basename(file)}`,
      );
      log(
        `restart on a new port: reopened ${nodePath.basename(file)} in the module; Recent lists it`,
      );
    } finally {
      await ctx.close();
      await web2.close();
    }
  },
};

export const trainingDisplay: Journey = {
  name: 'training display: named metrics with units, stage line, ETA frozen on pause and gone after',
  run: async (_env, page, log) => {
    await openTemplate(page, 'conv-autoencoder');
    await bottomTab(page, 'Training');
    await page.getByLabel('Steps').fill('60');
    await page.getByLabel('Batch size').fill('8');
    await page.getByRole('button', { name: '▶ Train' }).click();
    await waitFor(
      'progress',
      () => text(page, 'progress-text'),
      (t) => /step [1-9]/.test(t),
      60_000,
    );
    const stage = await text(page, 'stage-text');
    expectThat(stage === 'stage 1 of 1 · Autoencoder', `stage line: "${stage}"`);
    await page.getByRole('button', { name: 'Pause' }).click();
    const paused = await waitFor(
      'the ETA marked paused',
      () => text(page, 'progress-text'),
      (t) => t.includes('(paused)'),
    );
    await page.waitForTimeout(1200);
    expectThat(
      (await text(page, 'progress-text')) === paused,
      `ETA frozen while paused: ${paused}`,
    );
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitFor(
      'finished',
      () => text(page, 'run-state'),
      (s) => s === 'finished',
      90_000,
    );
    const done = await text(page, 'progress-text');
    expectThat(!done.includes('ETA'), `no ETA once finished: "${done}"`);
    const values = await page
      .locator('.preview[data-preview="loss"] [data-testid="preview-values"]')
      .textContent();
    expectThat(
      /^MSE \d+\.\d+$/.test(values ?? ''),
      `the MSE preview reads "MSE <value>": ${values}`,
    );
    const step = await page
      .locator('.preview[data-preview="loss"] [data-testid="preview-step"]')
      .textContent();
    expectThat(step === 'step 60', `the preview shows its step: ${step}`);
    log(`paused: "${paused}"; finished: "${done}"; preview "${values}" at ${step}; ${stage}`);
  },
};

export const posixLocaleRenders: Journey = {
  name: 'locale: the studio renders under the language tag en-US@posix',
  run: async (env, _page, log) => {
    const ctx = await env.browser.newContext({ viewport: { width: 1280, height: 800 } });
    // As the npm Chromium reports it; a context `locale` would be checked by the browser first.
    // (A string: tsx's helpers, e.g. __name, do not exist in the page.)
    await ctx.addInitScript({
      content: `Object.defineProperty(Navigator.prototype, 'language', { get: () => 'en-US@posix' });`,
    });
    const errors: string[] = [];
    try {
      const p = await ctx.newPage();
      p.on('pageerror', (e) => errors.push(e.message));
      await p.goto(`${env.web.server.url}#template=conv-autoencoder`);
      await p.waitForSelector('.react-flow__node', { timeout: 20_000 });
      const lang = await p.evaluate('navigator.language');
      await bottomTab(p, 'Training');
      expectThat(errors.length === 0, `no page errors under ${lang}: ${errors.join('; ')}`);
      log(
        `navigator.language ${lang}: canvas with ${await p.locator('.react-flow__node').count()} nodes, no errors`,
      );
    } finally {
      await ctx.close();
    }
  },
};
