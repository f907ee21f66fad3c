/// <reference types="node" />
// Dataset preview: a person opens the conv autoencoder with its MNIST node swapped for an Image
// Folder (a folder of PNGs and JPEGs inside the projects folder), selects the dataset node and sees
// a grid of its images, each captioned with its class, readable and not overlapping; points the
// node at a folder outside the projects folder and is refused with the way out, presses Choose
// folder… (the web shell's confirmation) and sees that folder's images; MNIST's node shows digits
// labelled 0-9. Screenshot docs/screenshots/dataset-preview.png.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import type { Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import {
  tempDir,
  twoClassFolder,
} from '../../main/engine/data/image-folder/testing/make-image-folder';
import { expectThat, waitFor } from './harness';
import { shot, type Journey } from './journey';
import { openFile, selectNode, setParam } from './ui';

const template = (): Record<string, unknown> & {
  nodes: Record<string, { type: string; params: Record<string, unknown>; label?: string }>;
} =>
  JSON.parse(
    readFileSync(
      nodePath.join(
        nodePath.dirname(fileURLToPath(import.meta.url)),
        '../../templates/conv-autoencoder.json',
      ),
      'utf8',
    ),
  );

interface Caption {
  text: string;
  px: number;
  x: number;
  y: number;
  width: number;
  height: number;
  imageLoaded: boolean;
}

/** Each sample's caption: text, font size, box; and whether its image decoded. */
const captions = (page: Page): Promise<Caption[]> =>
  page.locator('[data-testid="dataset-sample"]').evaluateAll((els) =>
    els.map((el) => {
      const cap = el.querySelector('figcaption') as HTMLElement;
      const img = el.querySelector('img') as HTMLImageElement;
      const r = cap.getBoundingClientRect();
      return {
        text: cap.textContent ?? '',
        px: parseFloat(getComputedStyle(cap).fontSize),
        x: r.x,
        y: r.y,
        width: r.width,
        height: r.height,
        imageLoaded: img.complete && img.naturalWidth > 0,
      };
    }),
  );

const overlaps = (a: Caption, b: Caption): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The captions are readable: at least 10 px, visible text, no two overlapping, images drawn. */
const expectReadable = async (page: Page, what: string): Promise<Caption[]> => {
  const caps = await captions(page);
  expectThat(caps.length > 0, `${what}: the preview shows samples`);
  for (const c of caps) {
    expectThat(c.px >= 10, `${what}: caption "${c.text}" is ${c.px} px, under 10`);
    expectThat(c.width > 8 && c.height >= 10, `${what}: caption "${c.text}" is visible`);
    expectThat(c.imageLoaded, `${what}: the image of "${c.text}" is drawn`);
  }
  caps.forEach((a, i) =>
    caps
      .slice(i + 1)
      .forEach((b) =>
        expectThat(!overlaps(a, b), `${what}: captions "${a.text}" and "${b.text}" overlap`),
      ),
  );
  // On screen as the inspector opens: no scrolling needed to see the grid.
  const viewport = page.viewportSize();
  for (const c of caps)
    expectThat(
      !!viewport && c.y >= 0 && c.y + c.height <= viewport.height,
      `${what}: caption "${c.text}" is on screen without scrolling (y ${Math.round(c.y)})`,
    );
  const inspector = await page.locator('[data-testid="inspector"]').boundingBox();
  for (const c of caps)
    expectThat(
      !!inspector && c.x >= inspector.x && c.x + c.width <= inspector.x + inspector.width + 1,
      `${what}: caption "${c.text}" lies inside the inspector`,
    );
  return caps;
};

export const datasetPreview: Journey = {
  name: 'dataset preview: the selected dataset node shows its samples with readable labels',
  run: async (env, page, log) => {
    const inside = nodePath.join(env.projectsDir, 'pets');
    mkdirSync(inside, { recursive: true });
    twoClassFolder(6, 24, inside);
    const doc = template();
    doc.name = 'Autoencoder on my images';
    doc.nodes.data = {
      ...doc.nodes.data!,
      type: 'data/image-folder',
      label: 'My images',
      params: {
        folder: inside,
        height: 28,
        width: 28,
        channels: '1',
        normalize: '0..1',
        validation: 0.1,
        seed: 1,
      },
    };
    const file = nodePath.join(env.projectsDir, 'my-images.tessera.json');
    writeFileSync(file, JSON.stringify(doc, null, 2));
    await openFile(page, file);
    await page.waitForSelector('.react-flow__node[data-id="data"]');
    await selectNode(page, 'data');
    const grid = page.locator('[data-testid="dataset-preview-grid"]');
    await grid.waitFor({ state: 'visible', timeout: 30_000 });
    const caps = await expectReadable(page, 'image folder');
    const texts = caps.map((c) => c.text);
    expectThat(
      texts.slice(0, 4).join(',') === 'dark,light,dark,light',
      `classes in turn: ${texts.join(',')}`,
    );
    const summary = await page.locator('[data-testid="dataset-preview-summary"]').textContent();
    expectThat(
      /^2 classes · 10 training \/ 2 held-out images · 28 x 28 x 1$/.test(summary ?? ''),
      `summary: ${summary}`,
    );
    // The 24 px images were resized to 28 x 28 and their tint converted to grey: the notes say so.
    const notes = await page.locator('[data-testid="dataset-preview-problems"]').textContent();
    expectThat(/resized to 28 x 28/.test(notes ?? ''), `resize note: ${notes}`);
    log(`image folder: ${caps.length} samples (${texts.join(', ')}), "${summary}"`);
    await shot(env, page, 'dataset-preview.png');

    // A folder outside the projects folder: refused, with the way out, until chosen.
    const outside = twoClassFolder(3, 28, tempDir('tessera-e2e-outside-'));
    await setParam(page, 'folder', outside);
    const refusal = await waitFor(
      'the refusal',
      async () =>
        (await page.locator('[data-testid="dataset-preview-problems"]').textContent()) ?? '',
      (t) => /Refusing to read the image folder/.test(t),
    );
    expectThat(/Choose folder…/.test(refusal), `the refusal names the way out: ${refusal}`);
    await page.getByTestId('dataset-choose').click();
    await waitFor(
      'the outside folder previewed',
      async () => (await captions(page)).length,
      (n) => n === 6,
    );
    await expectReadable(page, 'chosen folder');
    log(`outside folder refused ("${refusal.slice(0, 60)}…"), then shown once chosen`);

    // MNIST: digits with their labels.
    const mnist = template();
    const mnistFile = nodePath.join(env.projectsDir, 'mnist.tessera.json');
    writeFileSync(mnistFile, JSON.stringify(mnist, null, 2));
    await openFile(page, mnistFile);
    await page.waitForSelector('.react-flow__node[data-id="data"]');
    await selectNode(page, 'data');
    const digits = await waitFor(
      'MNIST samples',
      async () => (await captions(page)).map((c) => c.text),
      (t) => t.length === 16,
      30_000,
    );
    expectThat(
      digits.slice(0, 10).join('') === '0123456789',
      `MNIST labels 0-9 in turn: ${digits.join(',')}`,
    );
    await expectReadable(page, 'MNIST');
    log(`MNIST: ${digits.join(' ')}`);
  },
};
