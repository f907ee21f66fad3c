/// <reference types="node" />
// The run history as a person uses it: train the conv autoencoder twice with Adam's learning
// rate changed between the runs, see both runs listed in Runs, overlay their loss curves (two
// legend entries, readable, in distinct colours), open the graph diff and read the changed param
// with its old and new value, be refused (with the reason) a resume from a checkpoint the edited
// graph no longer fits, resume from one it fits, and find every run again after a reload.
import { copyFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expectThat, waitFor } from './harness';
import { shot, type Journey } from './journey';
import { bottomTab, openFile, selectNode, setParam } from './ui';

const root = fileURLToPath(new URL('../../', import.meta.url));
const text = async (page: Page, testId: string) =>
  (await page.locator(`[data-testid="${testId}"]`).first().textContent()) ?? '';
const runsTab = (page: Page) => page.locator('.bottom .tabs button', { hasText: 'Runs' }).click();
const rows = (page: Page) => page.locator('[data-testid="run-row"]');
const statuses = async (page: Page) => rows(page).locator('.run-status').allTextContents();

/** Trains from the Training tab until the run has finished (a new run: its id differs from the last). */
const trainOnce = async (page: Page, runsBefore: number) => {
  await bottomTab(page, 'Training');
  await page.getByRole('button', { name: '▶ Train' }).click();
  await runsTab(page);
  await waitFor(
    `run ${runsBefore + 1} listed and finished`,
    () => statuses(page),
    (s) => s.length === runsBefore + 1 && s.every((x) => x === 'finished'),
    180_000,
  );
};

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const runsJourney: Journey = {
  name: 'runs: two runs listed, curves overlaid with a legend, graph diff, resume refused and resumed, kept after a reload',
  run: async (env, page, log) => {
    // A new file per try: a retry starts with an empty history too.
    const file = nodePath.join(env.projectsDir, `runs-ae-${Date.now()}.tessera.json`);
    copyFileSync(nodePath.join(root, 'templates', 'conv-autoencoder.json'), file);
    await openFile(page, file);
    await waitFor(
      'the project opened',
      () => text(page, 'doc-name'),
      (t) => t.includes(file),
    );

    // A fresh project has no runs yet, and says how to get one.
    await runsTab(page);
    await waitFor(
      'the empty history',
      () => text(page, 'runs-empty'),
      (t) => t.includes('No runs'),
    );

    await bottomTab(page, 'Training');
    await page.getByLabel('Steps').fill('20');
    await page.getByLabel('Batch size').fill('8');
    await trainOnce(page, 0);
    // Adam's learning rate 0.001 -> 0.01, then the second run.
    await selectNode(page, 'adam');
    await setParam(page, 'lr', '0.01');
    await trainOnce(page, 1);

    // Both runs, with their start time, steps, final loss and a short graph hash each.
    const cells = await rows(page).evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? '')),
    );
    expectThat(cells.length === 2, `two runs listed (saw ${cells.length})`);
    for (const c of cells) {
      expectThat(/^today \d\d:\d\d:\d\d$/.test(c[2] ?? ''), `start time shown: "${c[2]}"`);
      expectThat(c[4] === '20 / 20', `steps 20 / 20: "${c[4]}"`);
      expectThat(/^Reconstruction \d/.test(c[5] ?? ''), `final loss shown: "${c[5]}"`);
      expectThat(/^[0-9a-f]{8}$/.test(c[6] ?? ''), `short graph hash: "${c[6]}"`);
    }
    expectThat(cells[0]![6] !== cells[1]![6], 'the two graphs have different hashes');
    log(`runs: ${cells.map((c) => c.slice(1, 7).join(' | ')).join(' ;; ')}`);

    // Overlay both curves: one chart, two legend entries in distinct colours, readable.
    await page.getByLabel('Compare run #1').check();
    await page.getByLabel('Compare run #2').check();
    const chart = page.locator('[data-testid="run-overlay"][data-objective="Reconstruction"]');
    await chart.waitFor();
    const legend = chart.locator('[data-testid="legend-entry"]');
    await waitFor(
      'two legend entries',
      () => legend.count(),
      (n) => n === 2,
    );
    const entries = await legend.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        const sw = el.querySelector('.swatch') as HTMLElement | null;
        return {
          text: el.textContent ?? '',
          fontPx: parseFloat(getComputedStyle(el).fontSize),
          box: { x: r.x, y: r.y, width: r.width, height: r.height },
          colour: sw ? getComputedStyle(sw).backgroundColor : '',
        };
      }),
    );
    expectThat(
      /^#1 today \d\d:\d\d:\d\d · \d/.test(entries[0]!.text) &&
        /^#2 today \d\d:\d\d:\d\d · \d/.test(entries[1]!.text),
      `legend names both runs with their time and last loss: ${JSON.stringify(entries.map((e) => e.text))}`,
    );
    expectThat(
      entries.every((e) => e.fontPx >= 11),
      `legend text at least 11 px: ${entries.map((e) => e.fontPx)}`,
    );
    expectThat(!overlaps(entries[0]!.box, entries[1]!.box), 'the legend entries do not overlap');
    expectThat(
      entries[0]!.colour !== entries[1]!.colour && entries.every((e) => e.colour !== ''),
      `distinct run colours: ${entries.map((e) => e.colour)}`,
    );
    const canvas = await chart.locator('canvas').first().boundingBox();
    const panel = await page.locator('[data-testid="bottom-panel"]').boundingBox();
    expectThat(
      !!canvas &&
        !!panel &&
        canvas.width >= 300 &&
        canvas.y + canvas.height <= panel.y + panel.height,
      `the chart is drawn and inside the bottom panel: ${JSON.stringify(canvas)} in ${JSON.stringify(panel)}`,
    );
    // Each run's curve is drawn: the chart's pixels hold both legend colours.
    const drawn = await chart.evaluate(
      (el, colours) => {
        const c = el.querySelector('canvas') as HTMLCanvasElement;
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        const rgb = colours.map((s) => s.match(/\d+/g)!.map(Number));
        const counts = rgb.map(() => 0);
        for (let i = 0; i < px.length; i += 4)
          rgb.forEach(([r, g, b], k) => {
            if (Math.abs(px[i]! - r!) + Math.abs(px[i + 1]! - g!) + Math.abs(px[i + 2]! - b!) < 30)
              counts[k]!++;
          });
        return counts;
      },
      entries.map((e) => e.colour),
    );
    expectThat(
      drawn.every((n) => n >= 40),
      `both curves drawn in their colours (pixels per colour: ${drawn.join(', ')})`,
    );
    log(
      `overlay: legend ${entries.map((e) => `"${e.text}" ${e.colour} ${e.fontPx}px`).join(', ')}; curve pixels ${drawn.join(', ')}`,
    );
    await shot(env, page, 'runs-overlay.png');

    // The graph diff between the two runs: Adam's lr, old and new.
    await page.getByRole('button', { name: 'Diff #1 → #2' }).click();
    const diff = page.locator('[data-testid="run-diff"]');
    await diff.waitFor();
    const adam = diff.locator('[data-testid="diff-node"][data-node="adam"]');
    const change = adam.locator('[data-testid="diff-change"][data-key="lr"]');
    const changeText = ((await change.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    expectThat(
      changeText === 'learning rate (lr): 0.001 → 0.01',
      `the diff reads "learning rate (lr): 0.001 → 0.01": "${changeText}"`,
    );
    expectThat(
      (await diff.locator('[data-testid="diff-node"]').count()) === 1 &&
        (await diff.locator('[data-testid="diff-training"]').count()) === 0,
      'only Adam changed between the runs',
    );
    const changeFont = await change.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expectThat(
      changeFont >= 11 && (await change.isVisible()),
      `the change is visible at ${changeFont} px`,
    );
    log(`diff: ${((await adam.textContent()) ?? '').replace(/\s+/g, ' ')}`);
    await shot(env, page, 'runs-diff.png');
    await page.getByRole('button', { name: 'Close diff' }).click();

    // Resume refused: Conv2D 16 -> 8 filters no longer fits run #1's checkpoint.
    await selectNode(page, 'enc1');
    await setParam(page, 'filters', '8');
    await page.getByLabel('Resume from run #1').click();
    const problem = await waitFor(
      'the refusal',
      () => text(page, 'runs-problem'),
      (t) => t.length > 0,
    );
    expectThat(
      problem.startsWith('Cannot resume from ') &&
        problem.includes('step-000020.json') &&
        problem.includes('enc1') &&
        /resume with the project the checkpoint was trained from/i.test(problem),
      `the refusal names the checkpoint, the node and the fix: "${problem}"`,
    );
    expectThat((await statuses(page)).length === 2, 'a refused resume starts no run');
    log(`refused: ${problem}`);

    // Back to 16 filters: run #2's checkpoint fits; the run continues from step 20 in Training.
    await selectNode(page, 'enc1');
    await setParam(page, 'filters', '16');
    await page.getByLabel('Resume from run #2').click();
    await waitFor(
      'the resumed run in Training',
      () => text(page, 'progress-text'),
      (t) => /^step (\d+)/.test(t) && Number(/^step (\d+)/.exec(t)![1]) > 20,
      120_000,
    );
    await page.getByRole('button', { name: 'Stop' }).click();
    await waitFor(
      'stopped',
      () => text(page, 'run-state'),
      (s) => s === 'stopped',
      60_000,
    );
    await runsTab(page);
    await waitFor(
      'three runs, the third stopped',
      () => statuses(page),
      (s) => s.length === 3 && s[2] === 'stopped',
      30_000,
    );
    const ids = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run')));
    // The third run says where it came from and went on past step 20.
    const third = await rows(page)
      .nth(2)
      .evaluate((tr) => ({
        title: tr.getAttribute('title') ?? '',
        steps: tr.querySelectorAll('td')[4]?.textContent ?? '',
      }));
    expectThat(
      third.title.includes(
        `resumed from ${nodePath.join(env.projectsDir, 'runs', ids[1]!, 'checkpoints', 'step-000020.json')}`,
      ),
      `run #3 was resumed from run #2's checkpoint: ${third.title}`,
    );
    expectThat(Number(third.steps.split(' ')[0]) > 20, `run #3 went past step 20: ${third.steps}`);

    // A reload reopens the project and reads the same history from disk.
    await page.reload();
    await page.waitForSelector('.react-flow');
    await waitFor(
      'the project after a reload',
      () => text(page, 'doc-name'),
      (t) => t.includes(file),
    );
    await runsTab(page);
    await waitFor(
      'the runs after a reload',
      () => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run'))),
      (now) => JSON.stringify(now) === JSON.stringify(ids),
    );
    expectThat(
      JSON.stringify(await statuses(page)) === JSON.stringify(['finished', 'finished', 'stopped']),
      `statuses after a reload: ${JSON.stringify(await statuses(page))}`,
    );
    log(`after a reload: ${ids.length} runs, ${ids.join(', ')}`);
  },
};
