/// <reference types="node" />
// A tour of the studio: code panel, quick-add, palette search, shortcuts help, export.
import { existsSync, readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Page } from 'playwright-core';
import { expectThat, waitFor } from './harness';
import { bottomTab, openTemplate } from './ui';
import { shot, type Journey } from './journey';

const monacoText = async (page: Page): Promise<string> =>
  (
    (await page
      .locator('.monaco-editor .view-lines')
      .textContent()
      .catch(() => '')) ?? ''
  ).replace(/\u00a0/g, ' ');

export const studioTour: Journey = {
  name: 'tour: code panel (Monaco, local), quick-add with Tab, palette search, shortcuts help',
  run: async (env, page, log) => {
    await openTemplate(page, 'vq-vae');
    await waitFor(
      'nodes',
      () => page.locator('.react-flow__node').count(),
      (n) => n > 0,
    );
    await bottomTab(page, 'Code');
    const json = await waitFor(
      'Monaco showing the document JSON',
      () => monacoText(page),
      (t) => t.includes('tessera.project'),
      30_000,
    );
    log(`Monaco shows the document JSON (${json.length} chars visible)`);
    await shot(env, page, '06-code-json.png');
    await page.getByRole('button', { name: 'TypeScript export' }).click();
    await waitFor(
      'the exported TypeScript',
      () => monacoText(page),
      (t) => t.includes('standalone training program'),
      30_000,
    );
    log('TypeScript export shown in Monaco');
    await shot(env, page, '07-code-typescript.png');

    // Save export: a hostile path ('..' segments) is refused, one inside writes NAME.ts + NAME.lib/.
    const exportStatus = () =>
      page
        .locator('[data-testid="export-status"]')
        .textContent()
        .then((t) => t ?? '');
    await page.getByRole('button', { name: 'Save export…' }).click();
    const suggested = await waitFor(
      'the suggested export path',
      () => page.getByLabel('Export file path').inputValue(),
      (v) => v.length > 0,
    );
    expectThat(
      suggested === nodePath.join(env.projectsDir, 'vq-vae-mnist.ts'),
      `the dialog suggests <project name>.ts in the projects folder: ${suggested}`,
    );
    await page.getByLabel('Export file path').fill(`${env.projectsDir}/../outside.ts`);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const refused = await waitFor(
      'the refusal',
      exportStatus,
      (t) => t.includes('Refusing'),
      30_000,
    );
    log(`a path with '..': "${refused.slice(0, 140)}…"`);
    const target = nodePath.join(env.projectsDir, 'export', 'model.ts');
    await page.getByRole('button', { name: 'Save export…' }).click();
    await page.getByLabel('Export file path').fill(target);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const saved = await waitFor(
      'the export message',
      exportStatus,
      (t) => t.includes(`Exported ${target}`),
      30_000,
    );
    expectThat(
      existsSync(target) && readFileSync(target, 'utf8').includes('standalone training program'),
      `${target} holds the program`,
    );
    expectThat(
      existsSync(nodePath.join(env.projectsDir, 'export', 'model.lib')),
      'model.lib/ is written beside it',
    );
    log(`Save export: "${saved.slice(0, 160)}"`);
    await shot(env, page, '07b-code-save-export.png');

    const count = await page.locator('.react-flow__node').count();
    const pane = await page.locator('.react-flow__pane').boundingBox();
    await page.mouse.move(pane!.x + 200, pane!.y + pane!.height - 120);
    await page.keyboard.press('Tab');
    await page.locator('.quick-add input').fill('gaussian');
    await page.keyboard.press('Enter');
    await waitFor(
      'the quick-added node',
      () => page.locator('.react-flow__node').count(),
      (n) => n === count + 1,
    );
    await page.mouse.dblclick(pane!.x + 420, pane!.y + pane!.height - 100);
    await page.locator('.quick-add input').fill('stop grad');
    await page.keyboard.press('Enter');
    await waitFor(
      'the double-click-added node',
      () => page.locator('.react-flow__node').count(),
      (n) => n === count + 2,
    );
    log(`Tab and double-click quick-add: ${count} -> ${count + 2} nodes`);
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await waitFor(
      'both undone',
      () => page.locator('.react-flow__node').count(),
      (n) => n === count,
    );

    await page.getByRole('button', { name: 'Nodes', exact: true }).click();
    await page.getByLabel('Search nodes').fill('quant');
    const items = await page.locator('.palette-item').allTextContents();
    expectThat(
      items.includes('Vector quantizer') || items.some((i) => /quantizer/i.test(i)),
      `palette search finds the quantizer: ${items.join(', ')}`,
    );
    log(`palette search "quant": ${items.join(', ')}`);
    await page.getByLabel('Search nodes').fill('');
    await shot(env, page, '08-palette.png');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot(env, page, '09-shortcuts-help.png');
    await page.keyboard.press('Escape');
  },
};
