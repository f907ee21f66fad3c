/// <reference types="node" />
// The panels as a person uses them at 1680 x 1000: while the VQ-VAE template trains, its first
// preview is on screen in the bottom panel without scrolling; dragging the bottom splitter up
// makes the panel taller by the drag and a reload keeps the size; the left column collapses to a
// rail (the canvas gets the room) and comes back; the training view takes the whole window
// below the toolbar and Restore brings the canvas back. Nothing overlaps the tab buttons.
import type { Locator, Page } from 'playwright-core';
import { expectThat, waitFor } from './harness';
import { shot, type Journey } from './journey';
import { bottomTab, openTemplate, stableBox } from './ui';

type Box = { x: number; y: number; width: number; height: number };

const box = async (l: Locator, what: string): Promise<Box> => {
  const b = await stableBox(l);
  if (!b) throw new Error(`${what} is not on screen`);
  return b;
};

const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const bottomHeight = async (page: Page) =>
  (await box(page.locator('[data-testid="bottom-panel"]'), 'the bottom panel')).height;

export const panelsJourney: Journey = {
  name: 'panels: previews visible at the default size, splitters resize and remember, collapse, full-window training view',
  run: async (env, page, log) => {
    await openTemplate(page, 'vq-vae');
    await bottomTab(page, 'Training');
    await page.getByLabel('Steps').fill('400');
    await page.getByLabel('Batch size').fill('8');
    await page.getByRole('button', { name: '▶ Train' }).click();
    const firstPreview = page.locator('[data-testid="preview-image"]').first();
    await firstPreview.waitFor({ timeout: 90_000 });
    const panel = await box(page.locator('.bottom .panel:not([hidden])'), 'the training panel');
    const image = await box(firstPreview, 'the first preview');
    expectThat(
      inside(image, panel),
      `the first preview ${JSON.stringify(image)} is inside the visible panel ${JSON.stringify(panel)}`,
    );
    const scrolled = await page
      .locator('.bottom .panel:not([hidden])')
      .evaluate((el) => el.scrollTop);
    expectThat(scrolled === 0, `the panel is not scrolled (scrollTop ${scrolled})`);

    // The training view: the bottom panel takes the window below the toolbar.
    const before = await bottomHeight(page);
    await page.locator('[data-testid="maximize-bottom"]').click();
    const full = await bottomHeight(page);
    expectThat(full >= 1000 - 38 - 2, `the training view fills the window: ${full} px`);
    expectThat(!(await page.locator('.center').isVisible()), 'the canvas is hidden meanwhile');
    await waitFor(
      'a few more previews',
      () => page.locator('[data-testid="preview-image"]').count(),
      (n) => n >= 2,
      60_000,
    );
    await shot(env, page, 'training-view.png');
    await page.getByRole('button', { name: '⤡ Restore' }).click();
    await page.locator('.react-flow__pane').waitFor();
    const restored = await bottomHeight(page);
    expectThat(restored === before, `Restore brings the size back: ${restored}`);
    await page.getByRole('button', { name: 'Stop' }).click();

    // Drag the bottom splitter up 200 px.
    const start = await bottomHeight(page);
    const splitter = await box(page.locator('[data-testid="splitter-bottom"]'), 'the splitter');
    const sx = splitter.x + splitter.width / 2;
    const sy = splitter.y + splitter.height / 2;
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    await page.mouse.move(sx, sy - 100, { steps: 4 });
    await page.mouse.move(sx, sy - 200, { steps: 4 });
    await page.mouse.up();
    const after = await bottomHeight(page);
    expectThat(Math.abs(after - start - 200) <= 2, `taller by the drag: ${start} -> ${after}`);
    await page.reload();
    await page.waitForSelector('.react-flow');
    const reloaded = await waitFor(
      'the bottom size after a reload',
      () => bottomHeight(page),
      (h) => Math.abs(h - after) <= 1,
    );

    // Collapse the left column: a rail; the canvas grows by what the column gave up.
    const canvasBefore = await box(page.locator('.center'), 'the canvas');
    await page.locator('[data-testid="collapse-left"]').click();
    const rail = await box(page.locator('[data-testid="panel-left"]'), 'the left rail');
    const canvasAfter = await box(page.locator('.center'), 'the canvas');
    expectThat(rail.width <= 30, `the collapsed column is a rail: ${rail.width} px`);
    expectThat(
      Math.abs(canvasAfter.width - canvasBefore.width - (220 - rail.width)) <= 2,
      `the canvas grew: ${canvasBefore.width} -> ${canvasAfter.width}`,
    );
    await page.locator('[data-testid="collapse-left"]').click();
    await page.getByRole('button', { name: 'Templates' }).waitFor();

    // Nothing covers the tab buttons (the collapse toggle sits beside them).
    const toggle = await box(page.locator('[data-testid="collapse-left"]'), 'the toggle');
    for (const name of ['Templates', 'Nodes']) {
      const tab = await box(page.locator('.left .tabs button', { hasText: name }), name);
      expectThat(!overlaps(toggle, tab), `the collapse toggle does not cover ${name}`);
    }

    log(
      `first preview at y ${image.y.toFixed(0)}..${(image.y + image.height).toFixed(0)} in a panel ending at ${(panel.y + panel.height).toFixed(0)}; bottom ${start} -> ${after} (reload ${reloaded}); rail ${rail.width} px; full window ${full} px`,
    );
  },
};
