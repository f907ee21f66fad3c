/// <reference types="node" />
// The templates gallery as a person sees it: every card shows a graph thumbnail that is drawn
// (boxes on screen) and, where the template has results, a loaded sample image; text is at least
// 10 px; no two cards overlap and nothing spills out of its card. Details shows the full
// description, the family and the paper link; Escape closes it; Open as new project from it
// loads the template's graph onto the canvas. Screenshots gallery.png and gallery-details.png.
import * as nodePath from 'node:path';
import type { Page } from 'playwright-core';
import type { TemplateSummary } from '../../core/ipc/contract';
import { listTemplates } from '../../main/server/handlers/templates';
import { repoRoot } from '../../main/server/paths';
import { expectThat, waitFor } from './harness';
import { shot, type Journey } from './journey';

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;
const inside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x - 0.5 &&
  inner.y >= outer.y - 0.5 &&
  inner.x + inner.width <= outer.x + outer.width + 0.5 &&
  inner.y + inner.height <= outer.y + outer.height + 0.5;

interface CardReading {
  id: string;
  card: Box;
  graph: Box;
  /** Boxes drawn in the graph thumbnail with a visible size on screen (>= 4 x 1.5 px). */
  drawnBoxes: number;
  minBoxWidth: number;
  image?: Box & { loaded: boolean; naturalWidth: number };
  images: number;
  parts: { what: string; box: Box }[];
  fonts: { what: string; px: number; text: string }[];
  descClamped: boolean;
}

/**
 * What each card shows, measured in the page. (No named functions inside: the test runner's
 * transform would wrap them in a helper the page does not have.)
 */
const readCards = (page: Page): Promise<CardReading[]> =>
  page.locator('.template-card').evaluateAll((cards) =>
    cards.map((el) => {
      const rect = el.getBoundingClientRect();
      const svg = el.querySelector('svg.graph-thumb')!;
      const g = svg.getBoundingClientRect();
      const img = el.querySelector<HTMLImageElement>('img.template-results-thumb');
      const ir = img?.getBoundingClientRect();
      const desc = el.querySelector<HTMLElement>('.template-desc')!;
      return {
        id: (el as HTMLElement).dataset.templateId ?? '',
        card: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
        graph: { x: g.x, y: g.y, width: g.width, height: g.height },
        drawnBoxes: [...svg.querySelectorAll('rect')]
          .map((r) => r.getBoundingClientRect())
          .filter((b) => b.width >= 4 && b.height >= 1.5).length,
        minBoxWidth: Math.min(
          ...[...svg.querySelectorAll('rect')].map((r) => r.getBoundingClientRect().width),
        ),
        ...(img && ir
          ? {
              image: {
                x: ir.x,
                y: ir.y,
                width: ir.width,
                height: ir.height,
                loaded: img.complete,
                naturalWidth: img.naturalWidth,
              },
            }
          : {}),
        images: el.querySelectorAll('img').length,
        parts: [
          ...el.querySelectorAll('.template-thumbs, .template-name, .template-meta, button'),
        ].map((e) => {
          const b = e.getBoundingClientRect();
          return {
            what: e.className || (e.textContent ?? ''),
            box: { x: b.x, y: b.y, width: b.width, height: b.height },
          };
        }),
        fonts: [
          ...el.querySelectorAll('.template-name, .template-meta span, .template-desc, button'),
        ].map((e) => ({
          what: e.className || e.tagName.toLowerCase(),
          px: parseFloat(getComputedStyle(e).fontSize),
          text: (e.textContent ?? '').slice(0, 40),
        })),
        descClamped: desc.scrollHeight > desc.clientHeight + 1,
      };
    }),
  );

export const galleryJourney: Journey = {
  name: 'gallery: every template card shows its thumbnails readably; details; open from details',
  async run(env, page, log) {
    const root = repoRoot();
    const expected = new Map<string, TemplateSummary>(
      (
        await listTemplates(
          nodePath.join(root, 'templates'),
          nodePath.join(root, 'docs', 'results'),
        )
      ).map((t) => [t.id, t]),
    );
    await page.getByRole('button', { name: 'Templates' }).click();
    await waitFor(
      'every template card',
      () => page.locator('.template-card').count(),
      (n) => n === expected.size,
    );
    // Scroll through the list so every results image is asked for and decoded.
    for (const id of expected.keys())
      await page.locator(`.template-card[data-template-id="${id}"]`).scrollIntoViewIfNeeded();
    const withResults = [...expected.values()].filter((t) => t.hasResults).map((t) => t.id);
    expectThat(withResults.length >= 17, `templates with results: ${withResults.length}`);
    await waitFor(
      'every results image to load',
      () =>
        page
          .locator('img.template-results-thumb')
          .evaluateAll(
            (imgs) =>
              imgs.filter(
                (i) => (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0,
              ).length,
          ),
      (n) => n === withResults.length,
    );
    await page.locator('.template-card').first().scrollIntoViewIfNeeded();
    await shot(env, page, 'gallery.png');

    const cards = await readCards(page);
    for (const c of cards) {
      const t = expected.get(c.id);
      expectThat(t !== undefined, `an unexpected card ${c.id}`);
      expectThat(
        c.graph.width >= 120 && c.graph.height >= 40,
        `${c.id}: graph thumbnail ${c.graph.width.toFixed(0)} x ${c.graph.height.toFixed(0)} px`,
      );
      expectThat(
        c.drawnBoxes === t!.outline.nodes.length,
        `${c.id}: ${c.drawnBoxes} of ${t!.outline.nodes.length} node boxes drawn with a visible size`,
      );
      if (t!.hasResults) {
        expectThat(
          !!c.image && c.image.loaded && c.image.naturalWidth > 0,
          `${c.id}: results image not loaded (${JSON.stringify(c.image)})`,
        );
        expectThat(
          c.image!.width >= 60 && c.image!.height >= 50,
          `${c.id}: results image ${c.image!.width.toFixed(0)} x ${c.image!.height.toFixed(0)} px`,
        );
        expectThat(!overlap(c.image!, c.graph), `${c.id}: results image covers the graph`);
      } else expectThat(c.images === 0, `${c.id}: has no results, yet shows ${c.images} image(s)`);
      for (const f of c.fonts)
        expectThat(f.px >= 10, `${c.id}: "${f.text}" (${f.what}) is ${f.px} px (< 10)`);
      for (const p of c.parts)
        expectThat(inside(p.box, c.card), `${c.id}: ${p.what} spills out of its card`);
      for (let i = 0; i < c.parts.length; i++)
        for (const q of c.parts.slice(i + 1))
          expectThat(
            !overlap(c.parts[i]!.box, q.box),
            `${c.id}: ${c.parts[i]!.what} overlaps ${q.what}`,
          );
    }
    for (let i = 0; i < cards.length; i++)
      for (const other of cards.slice(i + 1))
        expectThat(!overlap(cards[i]!.card, other.card), `${cards[i]!.id} overlaps ${other.id}`);
    const clamped = cards.filter((c) => c.descClamped).length;
    expectThat(clamped > cards.length / 2, `descriptions clamped on ${clamped} cards`);
    log(
      `${cards.length} cards, ${withResults.length} with a results image; graph thumbnails ` +
        `${Math.min(...cards.map((c) => c.graph.width)).toFixed(0)}-${Math.max(...cards.map((c) => c.graph.width)).toFixed(0)} px wide, ` +
        `node boxes at least ${Math.min(...cards.map((c) => c.minBoxWidth)).toFixed(1)} px wide; ` +
        `smallest text ${Math.min(...cards.flatMap((c) => c.fonts.map((f) => f.px)))} px; no card overlaps another`,
    );

    // Details of the DCGAN: the full description, family, paper link; Escape closes it.
    const dcgan = expected.get('dcgan')!;
    const details = page.getByRole('button', { name: `Details of ${dcgan.name}` });
    await details.click();
    const dialog = page.getByRole('dialog', { name: dcgan.name });
    await dialog.waitFor();
    const desc = await dialog.locator('.template-details-desc').innerText();
    expectThat(desc === dcgan.description, `details description: "${desc.slice(0, 80)}…"`);
    const link = dialog.getByRole('link', { name: dcgan.paper!.citation });
    expectThat(await link.isVisible(), 'the paper link is visible');
    expectThat(
      (await link.getAttribute('href')) === 'https://arxiv.org/abs/1511.06434',
      `paper link ${await link.getAttribute('href')}`,
    );
    expectThat(
      (await dialog.locator('.template-family').innerText()) === 'GAN',
      'the family is shown',
    );
    await waitFor(
      'the parameter count',
      () => dialog.getByTestId('template-counts').innerText(),
      (s) => /parameters/.test(s) && !/counting/.test(s),
    );
    const dialogRead = await dialog.evaluate((el) => {
      const r = el.getBoundingClientRect();
      const img = el.querySelector<HTMLImageElement>('img.template-details-results');
      const texts = [...el.querySelectorAll('h3, p, figcaption, a, button, span')].map((e) =>
        parseFloat(getComputedStyle(e).fontSize),
      );
      return {
        box: { x: r.x, y: r.y, width: r.width, height: r.height },
        view: { x: 0, y: 0, width: innerWidth, height: innerHeight },
        image: img ? img.complete && img.naturalWidth > 0 : false,
        graphBoxes: el.querySelectorAll('svg.graph-thumb rect').length,
        minFont: Math.min(...texts),
      };
    });
    expectThat(inside(dialogRead.box, dialogRead.view), 'the details dialog fits the window');
    expectThat(dialogRead.image, 'the details show the results image');
    expectThat(dialogRead.graphBoxes === dcgan.outline.nodes.length, 'the details show the graph');
    expectThat(dialogRead.minFont >= 10, `details text ${dialogRead.minFont} px (< 10)`);
    await shot(env, page, 'gallery-details.png');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expectThat(
      await details.evaluate((el) => el === document.activeElement),
      'focus returns to the Details button',
    );
    log(
      `details: full description (${desc.length} chars), paper ${dcgan.paper!.url}, ` +
        `"${await page.getByRole('button', { name: `Details of ${dcgan.name}` }).getAttribute('aria-label')}"; Escape closed it`,
    );

    // Open the VQGAN from its details, with the keyboard: its graph loads onto the canvas.
    const vqgan = expected.get('vqgan')!;
    const vqDetails = page.getByRole('button', { name: `Details of ${vqgan.name}` });
    await vqDetails.focus();
    await page.keyboard.press('Enter');
    const vqDialog = page.getByRole('dialog', { name: vqgan.name });
    await vqDialog.waitFor();
    await vqDialog.getByRole('button', { name: 'Open as new project' }).focus();
    await page.keyboard.press('Enter');
    await vqDialog.waitFor({ state: 'detached' });
    const nodes = await waitFor(
      'the VQGAN graph on the canvas',
      () => page.locator('.react-flow__node').count(),
      (n) => n === vqgan.outline.nodes.length,
    );
    const labels = await page.locator('.react-flow__node').allInnerTexts();
    expectThat(
      labels.some((l) => l.includes('Vector quantizer')),
      `the canvas shows the VQGAN's nodes (${labels.length})`,
    );
    log(`opened ${vqgan.name} from its details with the keyboard: ${nodes} nodes on the canvas`);
  },
};
