/// <reference types="node" />
// What a person does in the studio, as reusable steps.
import type { Locator, Page } from 'playwright-core';

export const node = (page: Page, id: string): Locator =>
  page.locator(`.react-flow__node[data-id="${id}"]`);

export const openTemplate = async (page: Page, id: string): Promise<void> => {
  await page.getByRole('button', { name: 'Templates' }).click();
  await page
    .locator(`.template-card[data-template-id="${id}"]`)
    .getByRole('button', { name: 'Open as new project' })
    .click();
  await page.waitForSelector('.react-flow__node');
};

export const openFile = async (page: Page, path: string): Promise<void> => {
  await page.getByRole('button', { name: 'Open…' }).click();
  await page.getByLabel('File path').fill(path);
  await page.getByRole('dialog').getByRole('button', { name: 'Open', exact: true }).click();
};

export const edgeLabels = async (page: Page): Promise<string[]> =>
  page.locator('.edge-label').allTextContents();

export const selectNode = async (page: Page, id: string): Promise<void> => {
  await node(page, id).locator('.tnode-head').click();
};

export const setParam = async (page: Page, name: string, value: string): Promise<void> => {
  const input = page.locator(`.inspector .param[data-param="${name}"] input`);
  await input.fill(value);
  await input.press('Enter');
};

export const bottomTab = async (
  page: Page,
  name: 'Problems' | 'Training' | 'Code',
): Promise<void> => {
  await page.locator('.bottom .tabs button', { hasText: name }).click();
};

/** Drags from one socket to another, as a person does. */
type Box = { x: number; y: number; width: number; height: number };

/** A locator's bounding box once it has not moved for two reads 100 ms apart (at most 3 s). */
export const stableBox = async (l: Locator): Promise<Box | null> => {
  let last = await l.boundingBox();
  for (let i = 0; i < 30; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await l.boundingBox();
    if (now && last && now.x === last.x && now.y === last.y) return now;
    last = now;
  }
  return last;
};

export const dragConnect = async (
  page: Page,
  from: { node: string; port: string },
  to: { node: string; port: string },
): Promise<void> => {
  const s = node(page, from.node).locator(
    `.port-source[data-port="${from.port}"] .react-flow__handle`,
  );
  const t = node(page, to.node).locator(`.port-target[data-port="${to.port}"] .react-flow__handle`);
  // The canvas may still be fitting its view: take positions only once both sockets stand still.
  let a = await stableBox(s);
  let b = await stableBox(t);
  // The readable fit keeps zoom >= 0.8, so a wide graph may run past the pane: a person would
  // zoom out to see both ends, so press the canvas's fit-view control (the whole graph) first.
  const pane = await page.locator('.react-flow').boundingBox();
  const inside = (r: typeof a) =>
    !!r &&
    !!pane &&
    r.x >= pane.x &&
    r.y >= pane.y &&
    r.x + r.width <= pane.x + pane.width &&
    r.y + r.height <= pane.y + pane.height;
  if (!inside(a) || !inside(b)) {
    await page.locator('.react-flow__controls-fitview').click();
    a = await stableBox(s);
    b = await stableBox(t);
  }
  if (!a || !b)
    throw new Error(`socket not visible: ${from.node}.${from.port} or ${to.node}.${to.port}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
};
