/// <reference types="node" />
// Layout: every template opened at the harness's window size (1680 x 1000) and fitted reads
// cleanly — no two nodes overlap, no edge label covers a node, labels at least 8 px on screen
// (a graph too big for that stays pannable, starting at its inputs), the minimap covers no node.
// Arrange on a messy graph (nodes dropped on top of each other) lays it out, Undo restores it.
import { readFileSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Page } from 'playwright-core';
import type { TesseraDocument } from '../../core/document/document.types';
import { expectThat, waitFor } from './harness';
import { labelBoxes, nodeBoxes } from './readability';
import { openFile, openTemplate } from './ui';
import type { Journey } from './journey';

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const viewport = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => (el as HTMLElement).style.transform);

/** Waits until the canvas's fit (200 ms animation) has settled. */
const settled = async (page: Page): Promise<void> => {
  let last = '';
  await waitFor(
    'the view to settle',
    async () => {
      await page.waitForTimeout(250);
      const now = await viewport(page);
      const same = now === last;
      last = now;
      return same;
    },
    (same) => same,
  );
};

const nodePositions = (page: Page) =>
  page
    .locator('.react-flow__node')
    .evaluateAll((els) =>
      Object.fromEntries(
        els.map((e) => [(e as HTMLElement).dataset.id, (e as HTMLElement).style.transform]),
      ),
    );

const nodeOverlaps = (nodes: (Box & { id: string })[]): string[] => {
  const out: string[] = [];
  nodes.forEach((a, i) => {
    for (const b of nodes.slice(i + 1)) if (overlap(a, b)) out.push(`${a.id} / ${b.id}`);
  });
  return out;
};

export interface Reading {
  template: string;
  nodes: number;
  zoom: number;
  minLabelPx: number;
  nodeOverlaps: string[];
  labelsOverNodes: string[];
  minimap: 'clear' | 'hidden' | string;
}

/** What a person sees on the canvas now. */
export const readCanvas = async (page: Page, template: string): Promise<Reading> => {
  const nodes = await nodeBoxes(page);
  const labels = await labelBoxes(page);
  const zoom = Number(/scale\(([\d.]+)\)/.exec(await viewport(page))?.[1] ?? '1');
  const labelsOverNodes: string[] = [];
  for (const l of labels)
    for (const n of nodes)
      if (overlap(l, n)) labelsOverNodes.push(`"${l.text}" (${l.edge}) over ${n.id}`);
  // A hidden minimap is not in the page: boundingBox() would wait for it.
  const minimap = page.locator('.react-flow__minimap');
  const map = (await minimap.count()) > 0 ? await minimap.boundingBox() : null;
  const under = map ? nodes.filter((n) => overlap(n, map)).map((n) => n.id) : [];
  return {
    template,
    nodes: nodes.length,
    zoom,
    minLabelPx: labels.length ? Math.min(...labels.map((l) => l.px)) : Infinity,
    nodeOverlaps: nodeOverlaps(nodes),
    labelsOverNodes,
    minimap: !map ? 'hidden' : under.length ? `covers ${under.join(', ')}` : 'clear',
  };
};

const expectReadable = (r: Reading): void => {
  expectThat(
    r.nodeOverlaps.length === 0,
    `${r.template}: nodes overlap: ${r.nodeOverlaps.join('; ')}`,
  );
  expectThat(
    r.labelsOverNodes.length === 0,
    `${r.template}: edge labels over nodes: ${r.labelsOverNodes.join('; ')}`,
  );
  expectThat(
    r.minLabelPx >= 7.95, // 8 px, read back through the zoom's floating point
    `${r.template}: labels ${r.minLabelPx.toFixed(1)} px on screen (< 8)`,
  );
  expectThat(
    r.minimap === 'clear' || r.minimap === 'hidden',
    `${r.template}: minimap ${r.minimap}`,
  );
};

const describe = (r: Reading): string =>
  `${r.template}: ${r.nodes} nodes, zoom ${r.zoom.toFixed(2)}, labels >= ${r.minLabelPx.toFixed(1)} px, ` +
  `${r.nodeOverlaps.length} node overlaps, ${r.labelsOverNodes.length} labels over nodes, minimap ${r.minimap}`;

export const layoutJourney: Journey = {
  name: 'layout: every template readable at fit; Arrange a messy graph, Undo',
  async run(env, page, log) {
    await page.getByRole('button', { name: 'Templates' }).click();
    await waitFor(
      'the template gallery',
      () => page.locator('.template-card').count(),
      (n) => n >= 10,
    );
    const ids = await page
      .locator('.template-card')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.templateId ?? ''));
    expectThat(ids.length >= 10, `the gallery lists the templates (${ids.length})`);
    for (const id of ids) {
      await openTemplate(page, id);
      await settled(page);
      const r = await readCanvas(page, id);
      log(describe(r));
      if (id === 'vqgan') {
        await page.screenshot({ path: nodePath.join(env.outDir, 'layout-vqgan.png') });
        log('screenshot tests/e2e/output/layout-vqgan.png');
      }
      expectReadable(r);
    }

    // A messy graph: the conv autoencoder with every node dropped almost on the same spot.
    const doc = JSON.parse(
      readFileSync(new URL('../../templates/conv-autoencoder.json', import.meta.url), 'utf8'),
    ) as TesseraDocument;
    Object.values(doc.nodes).forEach((n, i) => (n.position = { x: 200 + i * 12, y: 150 + i * 9 }));
    const messy = nodePath.join(env.projectsDir, 'messy.tessera.json');
    writeFileSync(messy, JSON.stringify(doc, null, 2));
    await openFile(page, messy);
    await waitFor(
      'the messy graph',
      () => page.locator('.react-flow__node').count(),
      (n) => n === Object.keys(doc.nodes).length,
    );
    await settled(page);
    const before = await nodePositions(page);
    const tangled = nodeOverlaps(await nodeBoxes(page));
    expectThat(tangled.length > 10, `the messy graph's nodes overlap (${tangled.length} pairs)`);
    await page.getByTestId('arrange').click();
    await settled(page);
    const arranged = await readCanvas(page, 'messy conv autoencoder after Arrange');
    log(describe(arranged));
    expectReadable(arranged);
    expectThat(
      (await page.getByRole('button', { name: '↶ Undo' }).getAttribute('title')) === 'Undo Arrange',
      'Arrange is one undo step named Arrange',
    );
    await page.keyboard.press('Control+z');
    await waitFor(
      'Undo to restore the messy positions',
      () => nodePositions(page),
      (p) => JSON.stringify(p) === JSON.stringify(before),
    );
    log(
      `Undo restored all ${Object.keys(before).length} positions (${tangled.length} overlapping pairs again)`,
    );
    // The shortcut does the same.
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Shift+A');
    await settled(page);
    const again = await readCanvas(page, 'after Shift+A');
    expectThat(
      again.nodeOverlaps.length === 0,
      `Shift+A arranges too: ${again.nodeOverlaps.join('; ')}`,
    );

    // Arrange after a module is entered lays out the module's inside, and the VQGAN screenshot.
    await openTemplate(page, 'vqgan');
    await settled(page);
    await page.getByTestId('arrange').click();
    await settled(page);
    const v = await readCanvas(page, 'vqgan after Arrange');
    log(describe(v));
    expectReadable(v);
    await page.screenshot({ path: nodePath.join(env.outDir, 'layout-vqgan-arranged.png') });
  },
};
