/// <reference types="node" />
// The new-user journey: open a template, edit, train, pause, stop, save, reopen, undo.
import * as nodePath from 'node:path';
import type { Page } from 'playwright-core';
import { expectThat, waitFor } from './harness';
import { bottomTab, edgeLabels, openFile, openTemplate, selectNode, setParam } from './ui';
import { shot, type Journey } from './journey';

const lossText = (page: Page) => page.locator('[data-testid="loss-value"]').first().textContent();
const runState = (page: Page) => page.locator('[data-testid="run-state"]').textContent();

export const newUserJourney: Journey = {
  name: 'new user: template, shapes, edit, train, pause, stop, save, reopen, undo',
  run: async (env, page, log) => {
    await openTemplate(page, 'vq-vae');
    const labels = await waitFor(
      'edge labels',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 16'),
    );
    log(`edge labels: ${[...new Set(labels)].join(' | ')}`);
    expectThat(labels.includes('B x 28 x 28 x 1'), 'the image edge shows B x 28 x 28 x 1');
    // The socket legend is a chip until clicked; open it for the picture.
    await page.getByTestId('socket-legend').locator('summary').click();
    const legend = await page.getByTestId('socket-legend').innerText();
    expectThat(
      /scalar \(loss, metric\)/.test(legend) && /model handle/.test(legend),
      'the legend names the socket kinds',
    );
    await shot(env, page, '01-vq-vae-template.png');
    await page.getByTestId('socket-legend').locator('summary').click();

    // Change a param and see the consequence at once: the encoder's code width flows to the edges.
    await selectNode(page, 'encoder');
    await setParam(page, 'outChannels', '32');
    await waitFor(
      'edge label after the edit',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 32') && !l.includes('B x 7 x 7 x 16'),
    );
    log('outChannels 16 -> 32: encoder->vq edge now reads B x 7 x 7 x 32');
    expectThat(
      (await page.locator('[data-testid="dirty"]').count()) === 1,
      'the dirty marker shows after an edit',
    );
    await shot(env, page, '02-param-edit-inspector.png');

    // Train a few hundred tiny steps.
    await bottomTab(page, 'Training');
    await page.getByLabel('Steps').fill('400');
    await page.getByLabel('Batch size').fill('8');
    await page.getByRole('button', { name: '▶ Train' }).click();
    const first = await waitFor(
      'a loss value',
      () => lossText(page),
      (t) => !!t && t !== '—',
      60_000,
    );
    const second = await waitFor(
      'the loss value to update',
      () => lossText(page),
      (t) => !!t && t !== first,
      30_000,
    );
    log(`loss updated: ${first} -> ${second}`);
    await waitFor(
      'a preview image',
      () => page.locator('[data-testid="preview-image"]').count(),
      (n) => n > 0,
      60_000,
    );
    const src = await page.locator('[data-testid="preview-image"]').first().getAttribute('src');
    expectThat(
      !!src && src.startsWith('data:image/png;base64,') && src.length > 200,
      'the preview is a PNG image',
    );
    const atPreview = Number(await lossText(page));
    expectThat(
      atPreview < Number(first),
      `the loss fell by the first preview: ${first} -> ${atPreview}`,
    );
    log(
      `backend: ${await page.locator('[data-testid="backend"]').textContent()}; ${await page.locator('[data-testid="progress-text"]').textContent()}; loss ${first} at the first report -> ${atPreview} at the first preview`,
    );
    await shot(env, page, '03-training.png');

    await page.getByRole('button', { name: 'Pause' }).click();
    await waitFor(
      'paused',
      () => runState(page),
      (s) => s === 'paused',
    );
    const pausedAt = await page.locator('[data-testid="progress-text"]').textContent();
    await page.waitForTimeout(800);
    expectThat(
      (await page.locator('[data-testid="progress-text"]').textContent()) === pausedAt,
      'no progress while paused',
    );
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitFor(
      'running again',
      () => runState(page),
      (s) => s === 'running',
    );
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitFor(
      'stopped',
      () => runState(page),
      (s) => s === 'stopped' || s === 'finished',
      30_000,
    );
    log(`paused at "${pausedAt}", then resumed and stopped: ${await runState(page)}`);
    await waitFor(
      'a checkpoint in the list',
      () => page.locator('.checkpoints li').count(),
      (n) => n > 0,
      10_000,
    );
    const stoppedStep = Number(
      /step (\d+)/.exec(
        (await page.locator('[data-testid="progress-text"]').textContent()) ?? '',
      )?.[1],
    );
    // Resume from the checkpoint: the run continues after the step it stopped at.
    await page.locator('.checkpoints li button', { hasText: 'resume' }).first().click();
    const resumed = await waitFor(
      'the resumed run to report progress',
      () => page.locator('[data-testid="progress-text"]').textContent(),
      (t) => Number(/step (\d+)/.exec(t ?? '')?.[1]) > stoppedStep,
      60_000,
    );
    log(`stopped at step ${stoppedStep}; resumed from the checkpoint: ${resumed}`);
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitFor(
      'stopped again',
      () => runState(page),
      (s) => s === 'stopped' || s === 'finished',
      30_000,
    );

    // Save, reopen, undo.
    await page.keyboard.press('Escape');
    const file = nodePath.join(env.projectsDir, 'my-vq-vae.tessera.json');
    await page.getByRole('button', { name: 'Save As…' }).click();
    await page.getByLabel('File path').fill(file);
    await page.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
    await waitFor(
      'the dirty marker to clear',
      () => page.locator('[data-testid="dirty"]').count(),
      (n) => n === 0,
    );
    await page.getByRole('button', { name: 'New', exact: true }).click();
    await waitFor(
      'an empty canvas',
      () => page.locator('.react-flow__node').count(),
      (n) => n === 0,
    );
    await openFile(page, file);
    await waitFor(
      'the saved project',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 32'),
    );
    log(`reopened ${file}: the edit survived (B x 7 x 7 x 32)`);
    expectThat(
      (await page.locator('[data-testid="doc-name"]').textContent())?.includes(file) === true,
      'the title shows the file',
    );
    // Undo: reopening is not undoable, so edit then undo.
    await selectNode(page, 'encoder');
    await setParam(page, 'outChannels', '8');
    await waitFor(
      'edit',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 8'),
    );
    await page.locator('.react-flow__pane').click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await waitFor(
      'undo',
      () => edgeLabels(page),
      (l) => l.includes('B x 7 x 7 x 32'),
    );
    await waitFor(
      'clean after undo',
      () => page.locator('[data-testid="dirty"]').count(),
      (n) => n === 0,
    );
    await page.keyboard.press('Control+z');
    expectThat(
      (await edgeLabels(page)).includes('B x 7 x 7 x 32'),
      'opening a file is not undoable',
    );
    log('undo restored B x 7 x 7 x 32 and the clean state; a second undo did not unload the file');
  },
};

export const startUrlOpensTemplate: Journey = {
  name: 'the URL `tessera start` prints opens the VQ-VAE template',
  run: async (env, page) => {
    await page.goto(`${env.web.server.url}#template=vq-vae`);
    await waitFor(
      'the template',
      () => page.locator('.react-flow__node').count(),
      (n) => n === 7,
    );
    expectThat(
      (await page.locator('[data-testid="doc-name"]').textContent())?.includes('VQ-VAE') === true,
      'the title names the template',
    );
  },
};
